import { describe, expect, test } from 'vitest';
import { formatDeepLink, parseDeepLink } from '../../src/app/deep-link';
import { rolesFor } from '../../src/teaching/modes';

describe('deep links', () => {
  test('carry case, mode, series, image and finding, and read back the same', () => {
    const link = { caseUrl: 'studies/tumoral-calcinosis/manifest.json', mode: 'quiz' as const, series: '2.25.123.45', image: 12, finding: 'sciatic-nerve-encasement' };
    const search = formatDeepLink(link);
    expect(search).toBe('?case=studies%2Ftumoral-calcinosis%2Fmanifest.json&mode=quiz&series=2.25.123.45&image=12&finding=sciatic-nerve-encasement');
    expect(parseDeepLink(search)).toEqual(link);
  });

  test('leave out the defaults: explore mode and the first image', () => {
    expect(formatDeepLink({ mode: 'explore', series: '1.2.3', image: 1 })).toBe('?series=1.2.3');
    expect(formatDeepLink({})).toBe('');
  });

  test('keep parameters they do not own', () => {
    expect(formatDeepLink({ series: '1.2' }, '?renderer=cpu&series=9.9&image=4')).toBe('?renderer=cpu&series=1.2');
  });

  test('drop malformed values instead of guessing', () => {
    expect(parseDeepLink('?mode=admin&series=1.2.x&image=0&finding=../etc')).toEqual({});
    expect(parseDeepLink('?image=3')).toEqual({ image: 3 });
    expect(parseDeepLink('?image=-2&series=')).toEqual({});
  });
});

describe('teaching modes', () => {
  test('explore draws into your set beside the expert set, which cannot be edited', () => {
    const roles = rolesFor('explore');
    expect(roles.user).toEqual({ visible: true, takesNewMarks: true, editable: true });
    expect(roles.expert).toEqual({ visible: true, takesNewMarks: false, editable: false });
    expect(roles.quiz.visible).toBe(false);
  });

  test('a quiz hides the expert set until it is revealed, then nothing can be changed', () => {
    expect(rolesFor('quiz').expert.visible).toBe(false);
    expect(rolesFor('quiz').quiz.takesNewMarks).toBe(true);
    expect(rolesFor('quiz').user.visible).toBe(false);
    const revealed = rolesFor('quiz', true);
    expect(revealed.expert.visible).toBe(true);
    expect(Object.values(revealed).some((r) => r.takesNewMarks || r.editable)).toBe(false);
  });

  test('author mode edits the expert set and nothing else', () => {
    const roles = rolesFor('author');
    expect(roles.expert).toEqual({ visible: true, takesNewMarks: true, editable: true });
    expect(roles.user.visible || roles.quiz.visible).toBe(false);
  });
});
