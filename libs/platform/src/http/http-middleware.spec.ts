import type { NextFunction, Request, Response } from 'express';
import { JsonHasNul, JsonTooDeep, bodyParserErrorHandler, refuseDeepJson, refuseNulInUrl } from './http-middleware';

// regressions found by schemathesis: a NUL character in a username, an id or a query made
// PostgreSQL (pay, store, marketing, gateway; FerretDB for customer) fail, and the services answer 500
describe('refuseDeepJson', () => {
  const verify = refuseDeepJson(3);
  const check = (text: string) => () => verify(undefined, undefined, Buffer.from(text));

  it('refuses a string holding the NUL character', () => {
    expect(check('{"username":"a\\u0000b","password":"x"}')).toThrow(JsonHasNul);
    expect(check('["\\u0000"]')).toThrow(JsonHasNul);
  });

  it('keeps an escaped backslash followed by u0000 (that is text, not NUL) and other escapes', () => {
    expect(check('{"note":"C:\\\\u0000 \\u0001 \\" \\n"}')).not.toThrow();
  });

  it('still refuses nesting deeper than the limit', () => {
    expect(check('[[[[1]]]]')).toThrow(JsonTooDeep);
    expect(check('[[["[[[["]]]')).not.toThrow();
  });

  it('is answered 400 in the error shape', () => {
    const response = { status: jest.fn().mockReturnThis(), json: jest.fn() };
    bodyParserErrorHandler('100kb')(new JsonHasNul(), {} as Request, response as unknown as Response, jest.fn());
    expect(response.status).toHaveBeenCalledWith(400);
    expect(response.json).toHaveBeenCalledWith({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Text must not contain the NUL character (U+0000)',
    });
  });
});

describe('refuseNulInUrl', () => {
  const answer = (url: string) => {
    const response = { status: jest.fn().mockReturnThis(), json: jest.fn() };
    const next: NextFunction = jest.fn();
    refuseNulInUrl({ url } as Request, response as unknown as Response, next);
    return {
      status: (response.status.mock.calls[0] as number[] | undefined)?.[0],
      passed: (next as jest.Mock).mock.calls.length === 1,
    };
  };

  it.each(['/payments/a%00b', '/store-orders/%00/accept', '/coupons?customerId=a%00b'])(
    'refuses %s with 400',
    (url) => {
      expect(answer(url)).toEqual({ status: 400, passed: false });
    },
  );

  it.each(['/payments/a%2500b', '/orders?limit=100', '/order-status/7b1f'])('lets %s through', (url) => {
    expect(answer(url)).toEqual({ status: undefined, passed: true });
  });
});
