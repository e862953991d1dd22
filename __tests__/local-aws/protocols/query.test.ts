import { AwsError } from '../../../local-aws/types';
import {
  memberList,
  memberStructs,
  parseQueryRequest,
  queryErrorResponse,
  queryResponse,
  urlEncodeDocument,
} from '../../../local-aws/protocols/query';

const form = (body: string, query = '') => parseQueryRequest({ query: new URLSearchParams(query), body: Buffer.from(body) });

describe('AWS Query protocol helpers', () => {
  it('parses form bodies with + as space and percent escapes, over the query string', () => {
    const p = form('Action=GetRole&RoleName=a%2Bb+c', 'Action=Ignored&Version=2010-05-08');
    expect(p.get('Action')).toBe('GetRole');
    expect(p.get('RoleName')).toBe('a+b c');
    expect(p.get('Version')).toBe('2010-05-08');
  });

  it('reads X.member.N lists in index order and stops at a gap', () => {
    const p = form('F.member.2=b&F.member.1=a&F.member.4=d');
    expect(memberList(p, 'F')).toEqual(['a', 'b']);
  });

  it('reads Tags.member.N.Key structures', () => {
    const p = form('Tags.member.2.Key=k2&Tags.member.1.Value=v1&Tags.member.1.Key=k1&Tags.member.2.Value=');
    expect(memberStructs(p, 'Tags')).toEqual([
      { Key: 'k1', Value: 'v1' },
      { Key: 'k2', Value: '' },
    ]);
  });

  it('builds OpResponse/OpResult with member lists, escaping and the given namespace', () => {
    const r = queryResponse(
      'ListRoles',
      { Roles: [{ RoleName: 'a<&>"\'' }], IsTruncated: false, When: new Date(0) },
      { xmlns: 'urn:x', requestId: 'rid' },
    );
    expect(r.status).toBe(200);
    expect(r.body).toContain(
      '<ListRolesResponse xmlns="urn:x"><ListRolesResult><Roles><member><RoleName>a&lt;&amp;&gt;&quot;&apos;</RoleName></member></Roles>',
    );
    expect(r.body).toContain('<IsTruncated>false</IsTruncated><When>1970-01-01T00:00:00.000Z</When></ListRolesResult>');
    expect(r.body).toContain('<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></ListRolesResponse>');
  });

  it('renders errors with Type, Code, Message and RequestId and the error status', () => {
    const r = queryErrorResponse(new AwsError('NoSuchEntity', 'The role with name x cannot be found.', 404), { requestId: 'r1' });
    expect(r.status).toBe(404);
    expect(r.body).toContain(
      '<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name x cannot be found.</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
    );
  });

  it('URL-encodes documents so Go url.QueryUnescape round-trips + and spaces', () => {
    const enc = urlEncodeDocument('{"a": "x+y"}');
    expect(enc).toBe('%7B%22a%22%3A%20%22x%2By%22%7D');
    // QueryUnescape semantics: '+' → ' ' then percent-decode
    expect(decodeURIComponent(enc.replace(/\+/g, ' '))).toBe('{"a": "x+y"}');
  });
});
