import { describe, expect, it } from 'vitest';
import { checkProfileLink, type ProfileLinkRefusal } from './profile-link';

const ORIGIN = 'http://127.0.0.1:5173';

/** What URLSearchParams hands the app for a query string, exactly as the address bar would carry it. */
const profileValues = (query: string) => new URLSearchParams(query).getAll('profile');

describe('?profile= links: same-origin paths are read', () => {
  it.each([
    ['?profile=/demo-profile.json', `${ORIGIN}/demo-profile.json`],
    ['?profile=%2Fdemo-profile.json', `${ORIGIN}/demo-profile.json`],
    ['?profile=/profiles/desk-2.json', `${ORIGIN}/profiles/desk-2.json`],
    ['?profile=/profiles/my%2520desk.json', `${ORIGIN}/profiles/my%20desk.json`], // a space, encoded in the path
    ['?profile=/p.json%3Fv%3D2', `${ORIGIN}/p.json?v=2`],
    ['?profile=/a/../demo-profile.json', `${ORIGIN}/demo-profile.json`],
  ])('%s', (query, href) => {
    expect(checkProfileLink(profileValues(query), ORIGIN)).toEqual({ ok: true, url: new URL(href) });
  });
});

/** Attack strings, each as it would be written in the address bar's query. */
const ATTACKS: [string, ProfileLinkRefusal][] = [
  // Another origin, outright.
  ['?profile=http://evil.example/p.json', 'not-a-path'],
  ['?profile=https://127.0.0.1:4444/p.json', 'not-a-path'],
  ['?profile=HTTP://127.0.0.1:5173/p.json', 'not-a-path'], // even our own origin, written as a URL
  ['?profile=//evil.example/p.json', 'not-a-path'],
  ['?profile=//127.0.0.1:4444/p.json', 'not-a-path'],
  ['?profile=///evil.example/p.json', 'not-a-path'],
  ['?profile=evil.example/p.json', 'not-a-path'],
  ['?profile=p.json', 'not-a-path'],
  // Schemes.
  ['?profile=javascript:alert(1)', 'not-a-path'],
  ['?profile=data:application/json,{}', 'not-a-path'],
  ['?profile=blob:http://127.0.0.1:5173/x', 'not-a-path'],
  ['?profile=file:///etc/passwd', 'not-a-path'],
  ['?profile=%20//evil.example/p.json', 'not-a-path'],
  // Backslash forms the URL parser reads as "//".
  ['?profile=%5C%5Cevil.example/p.json', 'backslash'],
  ['?profile=/%5Cevil.example/p.json', 'backslash'],
  ['?profile=%5C/evil.example/p.json', 'backslash'],
  ['?profile=/\\evil.example/p.json', 'backslash'],
  // Encoded separators, once and twice (URLSearchParams decodes one level already).
  ['?profile=/%252fevil.example/p.json', 'encoded-separator'],
  ['?profile=/%252Fevil.example/p.json', 'encoded-separator'],
  ['?profile=/%255cevil.example/p.json', 'encoded-separator'],
  ['?profile=/%25252fevil.example/p.json', 'encoded-separator'],
  ['?profile=/%2525%32%66evil.example', 'encoded-separator'],
  ['?profile=/%2500p.json', 'encoded-separator'],
  ['?profile=/%2509/evil.example', 'encoded-separator'],
  // Control characters the URL parser would drop, joining "/" and "/".
  ['?profile=/%09/evil.example/p.json', 'control-character'],
  ['?profile=/%0A/evil.example/p.json', 'control-character'],
  ['?profile=/%0D/evil.example/p.json', 'control-character'],
  ['?profile=%00//evil.example', 'control-character'],
  ['?profile=/p.json%C2%85', 'control-character'],
  // Characters no profile path needs (spaces, non-ASCII look-alikes of "/", a fragment, a bad escape).
  ['?profile=/%EF%BC%8F%EF%BC%8Fevil.example', 'characters'],
  ['?profile=/p%20q.json', 'characters'],
  ['?profile=/p.json%23x', 'characters'],
  ['?profile=/p%25zz.json', 'characters'],
  ['?profile=/p%zz.json', 'characters'],
  // Several, empty, too long.
  ['?profile=/a.json&profile=//evil.example/p.json', 'several'],
  ['?profile=', 'empty'],
  [`?profile=/${'a'.repeat(600)}`, 'too-long'],
];

describe('?profile= links: every other form is refused', () => {
  it.each(ATTACKS)('%s is refused (%s)', (query, refusal) => {
    expect(checkProfileLink(profileValues(query), ORIGIN)).toEqual({ ok: false, refusal });
  });
});
