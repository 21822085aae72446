import { drawLatency, formatLatencyRange, parseLatencyRange } from './latency-range';
import { InvalidGatewaySettingsError, PaymentGatewayUnavailableError, SimulatedPaymentGateway } from './simulated-payment-gateway';

describe('latency ranges', () => {
  it.each([
    ['0', { min: 0, max: 0 }],
    ['250', { min: 250, max: 250 }],
    ['400-620', { min: 400, max: 620 }],
    [' 400 - 620 ', { min: 400, max: 620 }],
    ['500-500', { min: 500, max: 500 }],
    ['60000', { min: 60000, max: 60000 }],
  ])('parses %j', (text, range) => {
    expect(parseLatencyRange(text)).toEqual(range);
  });

  it.each(['620-400', '', 'abc', '-5', '400-', '1.5', '70000', '0-60001', '400-620-700'])('refuses %j', (text) => {
    expect(parseLatencyRange(text)).toBeUndefined();
  });

  it('formats back what it parsed', () => {
    expect(formatLatencyRange({ min: 400, max: 620 })).toBe('400-620');
    expect(formatLatencyRange({ min: 0, max: 0 })).toBe('0');
  });

  it('draws uniformly within the bounds, both included', () => {
    const range = { min: 400, max: 620 };
    expect(drawLatency(range, () => 0)).toBe(400);
    expect(drawLatency(range, () => 0.999999)).toBe(620);
    expect(drawLatency({ min: 0, max: 0 }, Math.random)).toBe(0);
  });
});

describe('SimulatedPaymentGateway', () => {
  const quiet = { latencyMs: '0', failureRate: 0, declineRate: 0 };

  it('charges and refunds; charging the same order again returns the standing charge (idempotency key)', async () => {
    const gateway = new SimulatedPaymentGateway(quiet);
    const first = await gateway.charge({ orderId: 'o1', amount: 100 });
    expect(first).toMatchObject({ outcome: 'approved', transactionId: expect.stringMatching(/^sim_/) });
    expect(await gateway.charge({ orderId: 'o1', amount: 100 })).toEqual(first);
    expect(await gateway.charge({ orderId: 'o2', amount: 100 })).not.toEqual(first);
    await gateway.refund(first.outcome === 'approved' ? first.transactionId : '');
    expect(await gateway.charge({ orderId: 'o1', amount: 100 })).not.toEqual(first);
    await expect(gateway.refund('sim_unknown')).resolves.toBeUndefined();
  });

  it('fails every call at failureRate 1 and declines every charge at declineRate 1', async () => {
    const gateway = new SimulatedPaymentGateway({ ...quiet, failureRate: 1 });
    await expect(gateway.charge({ orderId: 'o', amount: 1 })).rejects.toThrow(PaymentGatewayUnavailableError);
    await expect(gateway.refund('sim_x')).rejects.toThrow(/simulated provider outage during refund/);
    gateway.configure({ failureRate: 0, declineRate: 1 });
    expect(await gateway.charge({ orderId: 'o', amount: 1 })).toMatchObject({ outcome: 'declined' });
  });

  it('waits the configured latency', async () => {
    const gateway = new SimulatedPaymentGateway({ ...quiet, latencyMs: '40-60' });
    const started = performance.now();
    await gateway.charge({ orderId: 'o', amount: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
  });

  it('applies any subset of settings at once, all or nothing', () => {
    const gateway = new SimulatedPaymentGateway(quiet);
    expect(gateway.configure({ latencyMs: '400-620' })).toEqual({ latencyMs: '400-620', failureRate: 0, declineRate: 0 });
    expect(gateway.configure({ failureRate: 0.2, latencyMs: undefined })).toEqual({ latencyMs: '400-620', failureRate: 0.2, declineRate: 0 });
    expect(() => gateway.configure({ declineRate: 0.5, latencyMs: '620-400' })).toThrow(InvalidGatewaySettingsError);
    expect(() => gateway.configure({ failureRate: 1.5 })).toThrow('failureRate must be a number from 0 to 1 (got 1.5)');
    expect(gateway.settings()).toEqual({ latencyMs: '400-620', failureRate: 0.2, declineRate: 0 });
  });

  it('refuses bad initial settings', () => {
    expect(() => new SimulatedPaymentGateway({ ...quiet, latencyMs: 'slow' })).toThrow(/latencyMs must be milliseconds or a range/);
  });
});
