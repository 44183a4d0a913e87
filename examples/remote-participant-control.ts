/**
 * An interactive command line that takes away and gives back the first
 * other participant's permissions to send and to receive media, like
 * daily-python's demos/remote_participant_control/remote_participant_control.py.
 *
 *   npx ts-node -T -P examples/tsconfig.json examples/remote-participant-control.ts <meeting URL> \
 *     [--token <owner token>]
 *
 * Type a command and Enter: `revoke-send`, `restore-send`, `revoke-receive`,
 * `restore-receive`, `quit` (or end the input). Only a meeting owner (or a
 * token with `canAdmin: participants`) may change others' permissions:
 * joined without such a token, as a guest, every command is refused with a
 * message saying so. Each change of the remote participant's permissions is
 * printed as it arrives.
 */
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';

import { CallClient, Daily, type Participant, type ParticipantPermissionsUpdate } from 'daily-node';

const COMMANDS: Record<string, ParticipantPermissionsUpdate> = {
  'revoke-send': { canSend: false },
  'restore-send': { canSend: true },
  'revoke-receive': { canReceive: { base: false } },
  'restore-receive': { canReceive: { base: true } },
};

function describePermissions(p: Participant): string {
  const { canSend, canReceive } = p.info.permissions;
  return `canSend [${canSend.join(', ')}], canReceive base ${JSON.stringify(canReceive.base)}`;
}

function mayControlOthers(client: CallClient): boolean {
  const { info } = client.participants().local;
  return info.isOwner || info.permissions.canAdmin.includes('participants');
}

function firstRemote(client: CallClient): Participant | undefined {
  return Object.values(client.participants()).find((p) => !p.info.isLocal);
}

async function run(client: CallClient, command: string): Promise<void> {
  const update = COMMANDS[command];
  if (!update) {
    console.log(`unknown command '${command}': use ${Object.keys(COMMANDS).join(', ')} or quit`);
    return;
  }
  if (!mayControlOthers(client)) {
    console.log(`refused: only a meeting owner can change others' permissions (join with --token <owner token>)`);
    return;
  }
  const remote = firstRemote(client);
  if (!remote) {
    console.log('no other participant in the call yet');
    return;
  }
  await client.updateRemoteParticipants({ [remote.id]: { permissions: update } });
  console.log(`${command}: done for ${remote.info.userName || remote.id}`);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { token: { type: 'string' } } });
  const [meetingUrl] = positionals;
  if (!meetingUrl) throw new Error('usage: remote-participant-control.ts <meeting URL> [--token <owner token>]');
  await Daily.init();
  const client = new CallClient();
  client.setUserName('Remote control');
  const shown = new Map<string, string>();
  /** Prints a remote participant's permissions when they are new or changed. */
  const report = (p: Participant): void => {
    const described = describePermissions(p);
    if (p.info.isLocal || shown.get(p.id) === described) return;
    shown.set(p.id, described);
    console.log(`${p.info.userName || p.id}: ${described}`);
  };
  client.on('participant-joined', report);
  client.on('participant-updated', report);
  await client.join(meetingUrl, {
    meetingToken: values.token,
    clientSettings: { inputs: { camera: false, microphone: false } },
  });
  Object.values(client.participants()).forEach(report);
  const role = mayControlOthers(client) ? 'owner' : 'guest (commands will be refused)';
  console.log(`joined as ${role}; commands: ${Object.keys(COMMANDS).join(', ')}, quit`);

  const input = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of input) {
    const command = line.trim();
    if (command === 'quit') break;
    if (command) await run(client, command).catch((err: Error) => console.log(`${command} failed: ${err.message}`));
  }
  input.close();
  await client.leave();
  await client.release();
  await Daily.deinit();
  console.log('left');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
