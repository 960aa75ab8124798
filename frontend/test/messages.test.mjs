import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageList, compareIds } from '../src/chat/messages.js';

const user = (id, content) => ({ id, conversationId: 'c', role: 'user', content, createdAt: 't' });
const bot = (id, content) => ({ id, conversationId: 'c', role: 'assistant', content, createdAt: 't' });
const view = (list) => list.list().map((i) => `${i.role}:${i.id ?? '-'}:${i.state}:${i.content}`);

describe('MessageList', () => {
  it('streams a reply from its deltas, then replaces it with the stored message', () => {
    const m = new MessageList();
    m.addPending('k1', 'hello');
    m.onMessage(user(41, 'hello'), 'k1');
    m.onDelta(42, 'Hi ');
    m.onDelta(42, 'there');
    assert.deepEqual(view(m), ['user:41:stored:hello', 'assistant:42:streaming:Hi there']);
    m.onMessage(bot(42, 'Hi there!'));
    m.onDone(bot(42, 'Hi there!'));
    assert.deepEqual(view(m), ['user:41:stored:hello', 'assistant:42:stored:Hi there!']);
    m.onDelta(42, ' late');
    assert.equal(m.list()[1].content, 'Hi there!', 'a delta after the stored message changes nothing');
  });

  it('shows each message once after a reconnect delivers it again (REST reload and repeated events)', () => {
    const m = new MessageList();
    m.load([user(1, 'a'), bot(2, 'b')]);
    m.onMessage(user(3, 'c'));
    m.onDelta(4, 'part');
    // reconnect: the conversation is fetched again, the stored reply included, and events repeat
    m.load([user(1, 'a'), bot(2, 'b'), user(3, 'c'), bot(4, 'part and the rest')]);
    m.onMessage(bot(4, 'part and the rest'));
    m.onDone(bot(4, 'part and the rest'));
    assert.deepEqual(view(m), ['user:1:stored:a', 'assistant:2:stored:b', 'user:3:stored:c', 'assistant:4:stored:part and the rest']);
  });

  it('a message sent just before the connection dropped is matched by its text when REST returns it', () => {
    const m = new MessageList();
    m.load([user(1, 'a')]);
    const pending = m.addPending('k9', 'are you there?');
    m.fail('k9');
    m.load([user(1, 'a'), user(2, 'are you there?')]);
    assert.deepEqual(view(m), ['user:1:stored:a', 'user:2:stored:are you there?']);
    assert.equal(m.list()[1].key, pending.key, 'the element is kept: same key');
    m.onMessage(user(2, 'are you there?'), 'k9');
    assert.equal(m.list().length, 2);
  });

  it('keeps a failed message visible, after the stored ones', () => {
    const m = new MessageList();
    m.addPending('k1', 'lost');
    m.fail('k1');
    m.onMessage(user(7, 'other'));
    assert.deepEqual(view(m), ['user:7:stored:other', 'user:-:failed:lost']);
  });

  it('orders by numeric id, however the ids arrive', () => {
    const m = new MessageList();
    m.onMessage(user(10, 'ten'));
    m.onMessage(user(9, 'nine'));
    m.onMessage(user('100', 'hundred'));
    assert.deepEqual(m.list().map((i) => i.id), ['9', '10', '100']);
    assert.equal(compareIds('b', 'a'), 1);
  });
});
