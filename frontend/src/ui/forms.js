/** Shared form behaviour: one error region per form ([role=alert]), busy buttons, fields marked invalid. */

export function showError(region, message) {
  region.textContent = message ?? '';
  region.hidden = !message;
}

/** Marks `input` invalid (aria-invalid, described by the alert region) and moves the focus to it. */
export function markInvalid(input, region, message) {
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', region.id);
  showError(region, message);
  input.focus();
}

export function clearInvalid(form, region) {
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
  showError(region, '');
}

/** Runs `action` with the form's submit button disabled, so a double click does not send twice. */
export async function busy(form, action) {
  const button = form.querySelector('button[type=submit]');
  form.setAttribute('aria-busy', 'true');
  if (button) button.disabled = true;
  try {
    return await action();
  } finally {
    form.removeAttribute('aria-busy');
    if (button) button.disabled = false;
  }
}
