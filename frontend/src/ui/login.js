import { describeError } from '../api/errors.js';
import { busy, clearInvalid, markInvalid, showError } from './forms.js';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The login page: sign in and sign up, each with its own [role=alert]; the session message above both. */
export class LoginView {
  constructor(doc, api, onSignedIn) {
    this.doc = doc;
    this.api = api;
    this.onSignedIn = onSignedIn;
    this.root = doc.getElementById('login-view');
    this.sessionMessage = doc.getElementById('session-message');
    this.#wire(doc.getElementById('login-form'), doc.getElementById('login-error'), {
      email: doc.getElementById('email'), password: doc.getElementById('password'),
    }, ({ email, password }) => this.api.login(email, password), 'login');
    this.#wire(doc.getElementById('signup-form'), doc.getElementById('signup-error'), {
      email: doc.getElementById('signup-email'), password: doc.getElementById('signup-password'),
      name: doc.getElementById('signup-name'),
    }, ({ email, password, name }) => this.api.register(email, password, name), 'signup');
  }

  /** Shows the page; `message` (a session that ended) is announced in the alert region above the forms. */
  show(message = '') {
    this.root.hidden = false;
    showError(this.sessionMessage, message);
    this.doc.getElementById('email').focus();
  }

  hide() {
    this.root.hidden = true;
    showError(this.sessionMessage, '');
  }

  #wire(form, region, fields, submit, context) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearInvalid(form, region);
      const email = fields.email.value.trim();
      const password = fields.password.value;
      if (!EMAIL.test(email)) return markInvalid(fields.email, region, 'Enter your email address, like name@example.com.');
      if (!password) return markInvalid(fields.password, region, 'Enter your password.');
      try {
        const user = await busy(form, () => submit({ email, password, name: fields.name?.value.trim() ?? '' }));
        fields.password.value = '';
        this.onSignedIn(user);
      } catch (error) {
        const field = error.field === 'email' ? fields.email : error.field === 'password' ? fields.password
          : error.field === 'displayName' ? fields.name : null;
        const message = describeError(error, context === 'login' ? 'login' : 'signup');
        if (field) markInvalid(field, region, message);
        else showError(region, message);
      }
    });
  }
}
