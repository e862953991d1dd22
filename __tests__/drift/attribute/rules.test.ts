/** The pure attribution rules: console or not, deploy identity, which event matches, reading a record. */
import { isConsoleEvent, isDeployIdentity, newestMatch } from '../../../drift/attribute/attribute';
import { parseTrailRecord, type TrailEvent } from '../../../drift/attribute/cloudtrail-events';

describe('attribution rules', () => {
  const event = (over: Partial<TrailEvent>): TrailEvent => ({
    eventName: 'PutRolePolicy',
    eventSource: 'iam.amazonaws.com',
    eventTime: '2026-01-01T00:00:00Z',
    actor: 'arn:aws:iam::123456789012:user/bob',
    sourceIp: '1.2.3.4',
    userAgent: 'aws-cli/2',
    consoleSession: false,
    ...over,
  });

  test('console: the session flag first, else a console user agent', () => {
    expect(isConsoleEvent(event({ consoleSession: true, userAgent: 'aws-cli/2' }))).toBe(true);
    expect(isConsoleEvent(event({ userAgent: 'AWS Internal' }))).toBe(true);
    expect(isConsoleEvent(event({ userAgent: 'signin.amazonaws.com' }))).toBe(true);
    expect(isConsoleEvent(event({ userAgent: 'aws-sdk-js/3.800.0' }))).toBe(false);
  });

  test('a deploy role ARN matches its assumed-role sessions, not other roles', () => {
    const role = 'arn:aws:iam::123456789012:role/ci/terraform-deploy';
    expect(isDeployIdentity(event({ actor: 'arn:aws:sts::123456789012:assumed-role/terraform-deploy/gh-123' }), role)).toBe(true);
    expect(isDeployIdentity(event({ actor: 'arn:aws:sts::123456789012:assumed-role/terraform-deployer/x' }), role)).toBe(false);
    expect(isDeployIdentity(event({ actor: 'arn:aws:sts::999999999999:assumed-role/terraform-deploy/x' }), role)).toBe(false);
    expect(isDeployIdentity(event({ actor: 'x', sessionIssuerArn: role }), role)).toBe(true);
    expect(isDeployIdentity(event({}), undefined)).toBe(false);
  });

  test('newest matching event wins; Lambda names match by prefix; other services never match', () => {
    const q = { eventSource: 'lambda.amazonaws.com' as const, eventNames: ['AddPermission'], resourceName: 'f', region: 'eu-west-1' };
    const events = [
      event({ eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2', eventTime: '2026-01-01T00:00:01Z', actor: 'old' }),
      event({ eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2', eventTime: '2026-01-01T00:00:03Z', actor: 'new' }),
      event({ eventSource: 'iam.amazonaws.com', eventName: 'AddPermission', eventTime: '2026-01-01T00:00:09Z', actor: 'wrong-service' }),
      event({
        eventSource: 'lambda.amazonaws.com',
        eventName: 'RemovePermission20150331v2',
        eventTime: '2026-01-01T00:00:05Z',
        actor: 'wrong-name',
      }),
    ];
    expect(newestMatch(q, events)?.actor).toBe('new');
  });

  test('parseTrailRecord reads the record fields and tolerates junk', () => {
    const rec = JSON.stringify({
      eventName: 'AttachRolePolicy',
      eventSource: 'iam.amazonaws.com',
      eventTime: '2026-01-01T00:00:00Z',
      userIdentity: {
        arn: 'arn:aws:sts::1:assumed-role/Admin/alice',
        sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::1:role/Admin' } },
      },
      sourceIPAddress: '10.0.0.1',
      userAgent: 'AWS Internal',
      sessionCredentialFromConsole: 'true',
    });
    expect(parseTrailRecord(rec, {})).toEqual({
      eventName: 'AttachRolePolicy',
      eventSource: 'iam.amazonaws.com',
      eventTime: '2026-01-01T00:00:00Z',
      actor: 'arn:aws:sts::1:assumed-role/Admin/alice',
      sessionIssuerArn: 'arn:aws:iam::1:role/Admin',
      sourceIp: '10.0.0.1',
      userAgent: 'AWS Internal',
      consoleSession: true,
    });
    expect(parseTrailRecord('not json', {})).toBeUndefined();
  });
});
