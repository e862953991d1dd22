/** ExitCode and UserError live in shared/ (the library throws and uses them too); the CLI re-exports the same objects. */
import * as cliErrors from '../../cli/errors';
import * as cliExitCodes from '../../cli/exit-codes';
import { UserError } from '../../shared/errors';
import { ExitCode } from '../../shared/exit-codes';

describe('cli/errors and cli/exit-codes', () => {
  it('re-export ExitCode and UserError from shared/', () => {
    expect(cliExitCodes.ExitCode).toBe(ExitCode);
    expect(cliErrors.UserError).toBe(UserError);
  });
});
