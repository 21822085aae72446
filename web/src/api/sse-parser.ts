/** One server-sent event as the stream carried it. */
export interface ServerSentEvent {
  /** The `id:` field, when the event had one (the view's revision). */
  id?: string;
  event: string;
  data: string;
  /** The `retry:` field in ms, when the event had one. */
  retry?: number;
}

/**
 * The text/event-stream format (WHATWG HTML, "server-sent events"), fed in chunks as they arrive:
 * lines end in LF, CRLF or CR; `:` starts a comment (heartbeats); a blank line dispatches the event;
 * `data:` lines are joined with LF; one space after the colon is dropped. An event with no data is
 * not dispatched, but its `id` and `retry` still count (lastEventId, retryMs). Needed because EventSource cannot send the
 * Authorization header: the stream is read with fetch and a reader instead.
 */
export class ServerSentEventParser {
  private buffer = '';
  private data: string[] = [];
  private eventType = '';
  private id: string | undefined;
  private retry: number | undefined;
  private pendingCr = false;

  /** Feeds a chunk of text; returns the events it completed. */
  push(chunk: string): ServerSentEvent[] {
    let text = chunk;
    // a CR ending the previous chunk may be the first half of a CRLF
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const events: ServerSentEvent[] = [];
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.buffer);
      if (!match) break;
      // a lone CR at the very end may be followed by LF in the next chunk
      if (match[0] === '\r' && match.index === this.buffer.length - 1) this.pendingCr = true;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const event: ServerSentEvent | undefined =
      this.data.length === 0
        ? undefined
        : {
            event: this.eventType || 'message',
            data: this.data.join('\n'),
            ...(this.id === undefined ? {} : { id: this.id }),
            ...(this.retry === undefined ? {} : { retry: this.retry }),
          };
    this.data = [];
    this.eventType = '';
    return event;
  }

  /** The last `id:` seen (it outlives its event, as the stream's last event ID does). */
  get lastEventId(): string | undefined {
    return this.id;
  }

  /** The last `retry:` seen, in ms. */
  get retryMs(): number | undefined {
    return this.retry;
  }
}
