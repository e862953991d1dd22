import type { Command } from 'commander';
import type { CliIo } from '../main';
import { register as registerDrift } from './drift';
import { register as registerLocalAws } from './local-aws';

/** Every command file registers itself here (one line each). */
export function registerCommands(program: Command, io: CliIo): void {
  void program;
  void io;
  registerDrift(program, io);
  registerLocalAws(program, io);
}
