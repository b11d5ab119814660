// The viewer's three teaching modes and what each does with the three annotation sets: the
// user's own marks, the trainee's quiz marks, and the case's expert teaching set. Pure.
import type { MarkOutcome } from './scoring';

export const MODES = ['explore', 'quiz', 'author'] as const;
export type Mode = (typeof MODES)[number];

export type SetName = 'user' | 'quiz' | 'expert';

export interface SetRole {
  /** Marks of this set are drawn. */
  visible: boolean;
  /** What the user draws goes into this set. */
  takesNewMarks: boolean;
  /** Its marks can be moved, relabelled and deleted. */
  editable: boolean;
}

const hidden: SetRole = { visible: false, takesNewMarks: false, editable: false };
const shown: SetRole = { visible: true, takesNewMarks: false, editable: false };
const drawing: SetRole = { visible: true, takesNewMarks: true, editable: true };

/**
 * Explore: your own marks beside the expert set. Quiz: only the trainee's marks until the answer is
 * revealed; then both, and neither changes. Author: the expert set, editable, alone.
 */
export function rolesFor(mode: Mode, revealed = false): Record<SetName, SetRole> {
  switch (mode) {
    case 'explore':
      return { user: drawing, quiz: hidden, expert: shown };
    case 'quiz':
      return revealed ? { user: hidden, quiz: shown, expert: shown } : { user: hidden, quiz: drawing, expert: hidden };
    case 'author':
      return { user: hidden, quiz: hidden, expert: drawing };
  }
}

/** Colours of a quiz mark once scored: found, right place but wrong finding, nothing there. */
export const OUTCOME_COLOURS: Record<MarkOutcome, string> = {
  hit: '#3ddc84',
  mislabelled: '#ffb300',
  'false-positive': '#ff5252',
};

/** The expert's marks, once revealed in a quiz, are dashed so they never pass for the trainee's. */
export const REVEALED_EXPERT_DASH = '6,4';
