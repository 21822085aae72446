import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { PayBreaker, ProviderSettings, ProviderSettingsRequest } from '../../api/types';
import { useApp } from '../../components/app-context';
import { Notice } from '../../components/notice';
import { Screen } from '../../components/screen';
import { usePolling } from '../../hooks';

const PRESETS: { label: string; settings: ProviderSettings }[] = [
  { label: 'Healthy', settings: { latencyMs: '0', failureRate: 0, declineRate: 0 } },
  { label: 'Slow (400–620 ms)', settings: { latencyMs: '400-620', failureRate: 0, declineRate: 0 } },
  { label: 'Down (every call fails)', settings: { latencyMs: '0', failureRate: 1, declineRate: 0 } },
  { label: 'Decline every charge', settings: { latencyMs: '0', failureRate: 0, declineRate: 1 } },
];

const BREAKER_TEXT: Record<PayBreaker['state'], string> = {
  closed: 'orders call pay.',
  'half-open': 'one trial call decides whether it closes again.',
  open: 'orders fail fast with 503 and Retry-After, without calling pay.',
};

/**
 * pay's simulated provider (GET/PUT /admin/pay/gateway): latency, failure and decline rates,
 * changed at once; and app's circuit breaker to pay (GET /admin/app/pay-breaker), polled every 2 s.
 */
export function AdminScreen() {
  const { api } = useApp();
  const [settings, setSettings] = useState<ProviderSettings>();
  const [latencyMs, setLatencyMs] = useState('0');
  const [failureRate, setFailureRate] = useState('0');
  const [declineRate, setDeclineRate] = useState('0');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string }>();
  const [saving, setSaving] = useState(false);
  const [breaker, setBreaker] = useState<PayBreaker>();
  const [breakerError, setBreakerError] = useState<string>();

  const show = (next: ProviderSettings) => {
    setSettings(next);
    setLatencyMs(next.latencyMs);
    setFailureRate(String(next.failureRate));
    setDeclineRate(String(next.declineRate));
  };

  useEffect(() => {
    api
      .providerSettings()
      .then(show, (caught: unknown) =>
        setMessage({
          kind: 'error',
          text: caught instanceof ApiError ? caught.message : 'The settings could not be loaded.',
        }),
      );
  }, [api]);

  usePolling(
    async (state) => {
      try {
        const answer = await api.payBreaker();
        if (state.stopped) return;
        setBreaker(answer);
        setBreakerError(undefined);
      } catch (caught) {
        if (!state.stopped)
          setBreakerError(caught instanceof ApiError ? caught.message : 'The breaker could not be read.');
      }
    },
    2000,
    [api],
  );

  const save = async (request: ProviderSettingsRequest) => {
    setSaving(true);
    setMessage(undefined);
    try {
      const next = await api.updateProviderSettings(request);
      show(next);
      setMessage({
        kind: 'success',
        text: `Saved: latency ${next.latencyMs} ms, failure rate ${next.failureRate}, decline rate ${next.declineRate}.`,
      });
    } catch (caught) {
      setMessage({
        kind: 'error',
        text: caught instanceof ApiError ? caught.message : 'The settings could not be saved.',
      });
    } finally {
      setSaving(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save({ latencyMs: latencyMs.trim(), failureRate: Number(failureRate), declineRate: Number(declineRate) });
  };

  return (
    <Screen title="Payment provider">
      <p>
        pay charges through a simulated provider. Its knobs apply at once to the next charges (with several pay
        replicas, to the one that answers).
      </p>
      <Notice kind={message?.kind ?? 'info'}>{message?.text}</Notice>
      <section className="card" aria-labelledby="breaker-heading">
        <h2 id="breaker-heading">app&apos;s circuit breaker to pay</h2>
        <Notice kind="error">{breakerError}</Notice>
        {breaker ? (
          <>
            <p data-testid="breaker-state">
              <span className={`badge badge-breaker-${breaker.state}`}>{breaker.state}</span>{' '}
              {BREAKER_TEXT[breaker.state]}
            </p>
            <dl className="counts" aria-label="Calls in the rolling window">
              <div>
                <dt>calls</dt>
                <dd>{breaker.window.fires}</dd>
              </div>
              <div>
                <dt>failures</dt>
                <dd>{breaker.window.failures}</dd>
              </div>
              <div>
                <dt>timeouts</dt>
                <dd>{breaker.window.timeouts}</dd>
              </div>
              <div>
                <dt>refused while open</dt>
                <dd>{breaker.window.rejects}</dd>
              </div>
            </dl>
            <p className="hint">
              A call slower than {breaker.timeoutMs} ms fails; once open it stays so {breaker.resetTimeoutMs} ms. pay
              instances ready: {breaker.instances.ready}, not ready: {breaker.instances.unready}.
            </p>
          </>
        ) : !breakerError ? (
          <p aria-busy="true">Loading…</p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="presets-heading">
        <h2 id="presets-heading">Presets</h2>
        <div className="actions">
          {PRESETS.map((preset) => (
            <button key={preset.label} type="button" disabled={saving} onClick={() => void save(preset.settings)}>
              {preset.label}
            </button>
          ))}
        </div>
      </section>
      <form className="card form" onSubmit={submit} aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <div className="field">
          <label htmlFor="latency">Latency (ms)</label>
          <input
            id="latency"
            value={latencyMs}
            onChange={(event) => setLatencyMs(event.target.value)}
            aria-describedby="latency-hint"
          />
          <p id="latency-hint" className="hint">
            &quot;0&quot;, &quot;250&quot; or a range such as &quot;400-620&quot; (at most 60000). app gives up on a
            call after its PAY_TIMEOUT_MS (1000 ms by default).
          </p>
        </div>
        <div className="field">
          <label htmlFor="failure-rate">Failure rate (0 to 1)</label>
          <input
            id="failure-rate"
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={failureRate}
            onChange={(event) => setFailureRate(event.target.value)}
            aria-describedby="failure-hint"
          />
          <p id="failure-hint" className="hint">
            Share of calls that fail as if the provider were down: orders answer 503, and enough failures open
            app&apos;s breaker.
          </p>
        </div>
        <div className="field">
          <label htmlFor="decline-rate">Decline rate (0 to 1)</label>
          <input
            id="decline-rate"
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={declineRate}
            onChange={(event) => setDeclineRate(event.target.value)}
            aria-describedby="decline-hint"
          />
          <p id="decline-hint" className="hint">
            Share of charges the provider declines: orders answer 402.
          </p>
        </div>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {settings ? (
          <p className="hint">
            Now: latency {settings.latencyMs} ms, failure rate {settings.failureRate}, decline rate{' '}
            {settings.declineRate}.
          </p>
        ) : null}
      </form>
    </Screen>
  );
}
