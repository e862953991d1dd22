import type { Command } from 'commander';
import type { CliIo } from '../io';
import { register as registerDrift } from './drift';
import { register as registerLocalAws } from './local-aws';
import { register as registerDemo } from './demo';
import { register as registerCheck } from './check';
import { register as registerSchema } from './schema';
import { register as registerReport } from './report';
import { register as registerImport } from './import';
import { register as registerHcl } from './hcl';

/** Every command file registers itself here (one line each). */
export function registerCommands(program: Command, io: CliIo): void {
  registerDrift(program, io);
  registerLocalAws(program, io);
  registerDemo(program, io);
  registerCheck(program, io);
  registerSchema(program, io);
  registerReport(program, io);
  registerImport(program, io);
  registerHcl(program, io);
}
