import { badRequest } from '../errors.js';

/**
 * The one password rule (change-password, an admin's reset, a new user, first-admin setup):
 * at least 8 characters (the shared schemas), not one of the passwords attackers try first, and
 * not built from the user's own username or name. Length alone let `12345678` and `password` in.
 */

/**
 * The most common passwords of the big public leak lists (SecLists' top lists, the CSDN and 12306
 * leaks for Chinese users), those of 8+ characters, lower-cased; a password equal to one of them,
 * or to one with digits or punctuation appended, is refused.
 */
const COMMON = new Set(
  `12345678 123456789 1234567890 11111111 00000000 88888888 66666666 12341234 87654321 11223344 12344321
  123123123 147258369 123456abc 123456aa 1234abcd abcd1234 a1234567 a12345678 a123456789 aa123456 aaaaaaaa
  abc12345 abc123456 abcdefgh asdfghjk asdfasdf asdf1234 qwertyui qwerty123 qwertyuiop 1qaz2wsx 1q2w3e4r
  1q2w3e4r5t zaq12wsx zxcvbnm1 zxcvbnm123 q1w2e3r4 password password1 password12 password123 passw0rd
  p@ssw0rd p@ssword iloveyou iloveyou1 sunshine princess football baseball superman batman123 starwars
  welcome1 welcome123 letmein1 monkey123 dragon123 trustno1 whatever computer internet michael1 jennifer
  mustang1 shadow12 master12 admin123 admin1234 administrator root1234 changeme secret123 default1
  woaini1314 woaini520 5201314520 52013145 1314520520 woaiwojia wangyang caonima123 zhang123 qq123456
  qq1234567 xiaoguan xiaoguan123 salesman sales123 test1234 testtest guest123 user1234 demo1234 china123
  beijing1 shanghai1 123qweasd qweasdzxc qazwsxedc 1qazxsw2 asd123456 qwe123456 zxc123456 a1b2c3d4
  q1w2e3r4t5 123456qq 7758521a 77585210 31415926 14789632 12369874 159753456 963852741 789456123
  0123456789 9876543210 123654789 456789123 10203040 13141314 5201314a`.split(/\s+/),
);

/** Lower-cased, with trailing digits and punctuation dropped (`Password2024!` → `password`). */
function core(text: string): string {
  return text.toLowerCase().replace(/[\d\W_]+$/u, '');
}

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(core(password))) return true;
  // One repeated character, or a run of the same short pattern (aaaaaaaa, abcabcabc, 12121212).
  return /^(.{1,3})\1+$/u.test(lower);
}

/** Why a password is refused, or null when the rule accepts it. */
export function passwordProblem(password: string, user: { username?: string | null; displayName?: string | null }): string | null {
  if (isCommon(password)) return 'this password is too common; choose one that is not on the lists attackers try first';
  const lower = password.toLowerCase();
  for (const own of [user.username, user.displayName]) {
    const name = own?.trim().toLowerCase();
    if (name && name.length >= 3 && (lower.includes(name) || core(password) === name))
      return 'the password must not contain your username or name';
  }
  return null;
}

/** Throws a 400 naming `field` when the password breaks the rule. */
export function requirePasswordRule(
  field: string,
  password: string,
  user: { username?: string | null; displayName?: string | null },
): void {
  const problem = passwordProblem(password, user);
  if (problem) throw badRequest(field, problem);
}
