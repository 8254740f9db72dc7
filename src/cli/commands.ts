/** Every tracectl command, in the order help and the reference list them. */
import { applyCommand } from './apply/command.js';
import type { Command } from './command.js';
import { doctorCommand } from './doctor/command.js';
import { restartCommand } from './restart/command.js';
import { verifyCommand } from './verify/command.js';

export const COMMANDS: readonly Command[] = [
  applyCommand,
  doctorCommand,
  restartCommand,
  verifyCommand,
];
