import { AwsError } from '../../../local-aws/types';
import { compileRoutes, jsonResponse, matchRoute, parseJsonBody, read, renderRestJsonError } from '../../../local-aws/protocols/rest-json';
import { LAMBDA_ROUTES, lambdaService } from '../../../local-aws/services/lambda';
import { thrownBy } from '../support';

const routes = compileRoutes(LAMBDA_ROUTES);
const req = (method: string, rawPath: string) => ({ method, rawPath });

describe('REST-JSON route matching', () => {
  test('a URL-encoded function ARN is one segment, decoded in params', () => {
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:my-fn:live';
    const m = matchRoute(routes, req('GET', `/2015-03-31/functions/${encodeURIComponent(arn)}/policy`));
    expect(m).toEqual({ operation: 'GetPolicy', params: { FunctionName: arn } });
  });

  test('the statement id is its own segment after the function', () => {
    expect(matchRoute(routes, req('DELETE', '/2015-03-31/functions/fn/policy/Allow%20S3'))).toEqual({
      operation: 'RemovePermission',
      params: { FunctionName: 'fn', StatementId: 'Allow S3' },
    });
  });

  test('a trailing slash is accepted, as older SDKs send ListFunctions to /functions/', () => {
    expect(matchRoute(routes, req('GET', '/2015-03-31/functions/')).operation).toBe('ListFunctions');
    expect(matchRoute(routes, req('GET', '/2015-03-31/functions')).operation).toBe('ListFunctions');
    expect(matchRoute(routes, req('POST', '/2015-03-31/functions')).operation).toBe('CreateFunction');
  });

  test("the same path with another method picks that method's operation; an unsupported one is 405", () => {
    expect(matchRoute(routes, req('PUT', '/2015-03-31/functions/fn/configuration')).operation).toBe('UpdateFunctionConfiguration');
    expect(matchRoute(routes, req('GET', '/2015-03-31/functions/fn/configuration')).operation).toBe('GetFunctionConfiguration');
    expect(thrownBy(() => matchRoute(routes, req('PATCH', '/2015-03-31/functions/fn')))).toMatchObject({
      code: 'MethodNotAllowedException',
      status: 405,
    });
  });

  test('an unknown path is UnknownOperationException 404, which operationOf reports before handling', () => {
    expect(
      thrownBy(() =>
        lambdaService.operationOf({
          method: 'GET',
          rawPath: '/2015-03-31/nothing',
          query: new URLSearchParams(),
          headers: {},
          body: Buffer.alloc(0),
        }),
      ),
    ).toMatchObject({ code: 'UnknownOperationException', status: 404 });
  });

  test('broken percent-encoding names the parameter', () => {
    expect(() => matchRoute(routes, req('GET', '/2015-03-31/functions/%E0%A4%A'))).toThrow(/FunctionName is not valid URL encoding/);
  });
});

describe('REST-JSON bodies and errors', () => {
  test('an empty body is an empty input; malformed JSON is InvalidRequestContentException', () => {
    expect(parseJsonBody({ body: Buffer.alloc(0) })).toEqual({});
    expect(thrownBy(() => parseJsonBody({ body: Buffer.from('{nope') }))).toMatchObject({ code: 'InvalidRequestContentException' });
    expect(() => parseJsonBody({ body: Buffer.from('[1]') })).toThrow(/expected an object/);
  });

  test('typed readers name the member, the value and the expected type', () => {
    expect(() => read.integer({ Timeout: '3' }, 'Timeout')).toThrow('Timeout must be an integer; got "3". Send Timeout as an integer.');
    expect(read.stringMap({ Tags: { a: '1' } }, 'Tags')).toEqual({ a: '1' });
  });

  test('errors carry X-Amzn-ErrorType and both message spellings with Type User', () => {
    const res = renderRestJsonError(new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404), {
      requestId: 'r-1',
    });
    expect(res.status).toBe(404);
    expect(res.headers).toMatchObject({
      'x-amzn-errortype': 'ResourceNotFoundException',
      'x-amzn-requestid': 'r-1',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(res.body))).toEqual({
      Type: 'User',
      Message: 'The resource you requested does not exist.',
      message: 'The resource you requested does not exist.',
    });
  });

  test('204 answers have no body and no content type', () => {
    expect(jsonResponse(204, undefined, 'r-2')).toEqual({ status: 204, headers: { 'x-amzn-requestid': 'r-2' } });
  });
});
