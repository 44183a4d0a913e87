/**
 * The pages shown instead of the call: the room does not exist, the token was
 * refused, the room is full, too early, ejected, the session ended, the
 * connection failed, or the person left. Each names its reason in
 * `data-reason` (the DOM contract) and says what happened in plain words.
 */
import type { SessionEndReason, SignalingErrorCode } from '../../../src/signaling/protocol';
import { el } from './dom';
import { setPageState } from './page-state';

export type EndReason =
  | 'room-not-found'
  | 'token-refused'
  | 'room-full'
  | 'not-yet-allowed'
  | 'ejected'
  | 'session-ended'
  | 'connection-failed'
  | 'left';

const TEXT: Record<EndReason, { title: string; detail: string }> = {
  'room-not-found': {
    title: 'This room does not exist',
    detail: 'Check the link you were given: there is no room by this name on this server.',
  },
  'token-refused': {
    title: 'Your link was refused',
    detail: 'The meeting token in this link is not valid for this room, or it has expired. Ask for a new link.',
  },
  'room-full': {
    title: 'This room is full',
    detail: 'The room has as many participants as it allows. Try again later.',
  },
  'not-yet-allowed': {
    title: 'It is too early to join',
    detail: 'This link or room does not let anyone in yet. Try again at the meeting time.',
  },
  ejected: { title: 'You were removed from the call', detail: 'An owner of the meeting removed you.' },
  'session-ended': { title: 'The call has ended', detail: 'The meeting ended for you.' },
  'connection-failed': {
    title: 'Cannot connect to the call',
    detail: 'The meeting server could not be reached. Check your connection and try again.',
  },
  left: { title: 'You left the call', detail: 'Thanks for joining.' },
};

/** The page a refused `join` leads to. */
export function reasonForJoinError(code: SignalingErrorCode | string): EndReason {
  switch (code) {
    case 'room-not-found':
      return 'room-not-found';
    case 'token-required':
    case 'token-invalid':
    case 'token-expired':
    case 'token-wrong-room':
    case 'forbidden':
      return 'token-refused';
    case 'room-full':
      return 'room-full';
    case 'token-not-yet-valid':
    case 'room-not-yet-open':
      return 'not-yet-allowed';
    case 'ejected':
      return 'ejected';
    case 'room-expired':
      return 'session-ended';
    default:
      return 'connection-failed';
  }
}

/** The page a session ended by the server leads to. */
export function reasonForSessionEnd(reason: SessionEndReason | 'connection-failed'): EndReason {
  if (reason === 'ejected') return 'ejected';
  if (reason === 'connection-failed') return 'connection-failed';
  return 'session-ended';
}

/** Shows the page for `reason` in `root`; `detail` adds what the server said. */
export function showEndPage(root: HTMLElement, reason: EndReason, detail?: string): void {
  const text = TEXT[reason];
  const again = el(
    'a',
    { class: 'button', href: location.pathname + location.search },
    reason === 'left' ? 'Rejoin' : 'Try again',
  );
  const page = el(
    'section',
    {
      class: 'end-page',
      'data-testid': 'error-page',
      'data-reason': reason,
      role: reason === 'left' ? 'status' : 'alert',
    },
    el('h1', {}, text.title),
    el('p', {}, text.detail),
    ...(detail ? [el('p', { class: 'muted' }, detail)] : []),
    ...(reason === 'room-not-found' ? [] : [again]),
  );
  root.replaceChildren(page);
  setPageState(reason === 'left' ? 'left' : 'error');
  document.title = text.title;
}
