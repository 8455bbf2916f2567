// Addresses of the page (client/web/js/util.js): the join code an address carries, in the
// long (?code=) and the short (/CODE) form, and the WebSocket address that carries it on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeFromAddress, socketAddress } from '../../../client/web/js/util.js';

test('codeFromAddress: ?code= and the short path, normalized; nothing else is a code', () => {
  assert.equal(codeFromAddress('http://192.0.2.2:8080/?code=kqw-ert'), 'KQWERT');
  assert.equal(codeFromAddress('https://kring.example/KQWERT'), 'KQWERT');
  assert.equal(codeFromAddress('https://kring.example/kqwert?lang=en'), 'KQWERT');
  assert.equal(codeFromAddress('https://kring.example/KQWERT?code=ABCDEF'), 'ABCDEF'); // ?code= wins
  assert.equal(codeFromAddress('https://kring.example/'), '');
  assert.equal(codeFromAddress('https://kring.example/index.html'), '');
  assert.equal(codeFromAddress('https://kring.example/a/KQWERT'), '');
  assert.equal(codeFromAddress('not an address'), '');
});

test('socketAddress: the page\'s own host, ws or wss as the page, the code when there is one', () => {
  assert.equal(socketAddress('http://192.0.2.2:8080/?code=KQWERT', ''), 'ws://192.0.2.2:8080/ws');
  assert.equal(socketAddress('http://192.0.2.2:8080/KQWERT', 'KQWERT'),
    'ws://192.0.2.2:8080/ws?code=KQWERT');
  assert.equal(socketAddress('https://kring.example/KQWERT', 'KQWERT'), 'wss://kring.example/ws?code=KQWERT');
  assert.equal(socketAddress('https://kring.example/', 'A&B'), 'wss://kring.example/ws?code=A%26B');
});
