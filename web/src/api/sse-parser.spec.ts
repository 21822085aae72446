import { ServerSentEventParser } from './sse-parser';

describe('ServerSentEventParser', () => {
  it('dispatches an event at a blank line, with its id and retry, and skips comments', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push(': heartbeat\n\nid: 2\nretry: 3000\ndata: {"status":"PLACED"}\n\n')).toEqual([
      { event: 'message', id: '2', retry: 3000, data: '{"status":"PLACED"}' },
    ]);
    expect(parser.lastEventId).toBe('2');
  });

  it('joins data lines and takes the event as chunks arrive, split anywhere (CRLF split too)', () => {
    const parser = new ServerSentEventParser();
    const text = 'id: 7\r\ndata: one\r\ndata:two\r\n\r\nid: 8\rdata: three\r\r';
    const events = [...text].flatMap((character) => parser.push(character));
    expect(events).toEqual([
      { event: 'message', id: '7', data: 'one\ntwo' },
      { event: 'message', id: '8', data: 'three' },
    ]);
  });

  it('keeps the last id for events without one, ignores bad retries and dispatches nothing without data', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push('id: 3\nretry: soon\n\nevent: view\ndata\n\n')).toEqual([{ event: 'view', id: '3', data: '' }]);
    expect(parser.retryMs).toBeUndefined();
    expect(parser.push('data: tail')).toEqual([]);
    expect(parser.push('\n\n')).toEqual([{ event: 'message', id: '3', data: 'tail' }]);
  });
});
