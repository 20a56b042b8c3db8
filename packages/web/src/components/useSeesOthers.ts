import { useMe } from '../core/session';

/** Whether the user reads records others own (owner and team filters, owner pickers): the server's ability, not a rule about role names. */
export function useSeesOthers(): boolean {
  return useMe().seesOthers;
}
