import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { eventually } from '../support/kafka';
import { REPO } from '../support/service-process';
import { TestStack, call, login } from '../support/stack';

/**
 * Issue #12: the web front end (web/, built into web/dist by `npm run build`) served by the gateway
 * at /, driven in a real browser (Debian's chromium through playwright-core) against the whole
 * platform: a customer signs up on a phone-sized screen, orders, and follows the order live while
 * the owner of store 1, in a second browser context, works the queue; the welcome coupon appears;
 * a cancel; an admin declines payments and takes pay down from the admin screen (402, then 503
 * with its Retry-After counted down); an expired token lands on log-in with a message. axe-core
 * finds no serious or critical violation on any screen; each screen is photographed into
 * docs/screenshots/ (the README shows a selection).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // without these Chromium's own background connections make it refuse the page's (this machine has no internet)
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1100, height: 800 } };
const SCREENSHOTS = join(REPO, 'docs', 'screenshots');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** Long enough for Kafka round trips on a busy 2-core machine; every wait ends as soon as the page shows it. */
const UI_TIMEOUT_MS = 30_000;

let stack: TestStack;
let browser: Browser;
let customerContext: BrowserContext;
let ownerContext: BrowserContext;
let adminContext: BrowserContext;
let customer: Page;
let owner: Page;
let admin: Page;
const username = `web-${randomUUID().slice(0, 8)}`;
const password = 'plum-orchard-lantern-42';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`,
    );
  }
  if (!existsSync(join(REPO, 'web', 'dist', 'index.html')))
    throw new Error('web/dist has no build: run npm run build (npm test does)');
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await TestStack.start({
    services: ['gateway', 'app', 'pay', 'store', 'customer', 'marketing'],
    basePort: 20180,
    // a low sign-up limit so the page's 429 message is reached in a few attempts
    env: { gateway: { SIGNUP_RATE_LIMIT_PER_HOUR: '3' } },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  customerContext = await browser.newContext(PHONE);
  ownerContext = await browser.newContext(DESKTOP);
  adminContext = await browser.newContext(PHONE);
  [customer, owner, admin] = await Promise.all(
    [customerContext, ownerContext, adminContext].map((context) => context.newPage()),
  );
  for (const page of [customer, owner, admin]) page.setDefaultTimeout(UI_TIMEOUT_MS);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** axe-core in the page: the violations of impact serious or critical (WCAG 2.1 A/AA and best practices). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  // a string, run in the page (this file is compiled for node: no DOM types here)
  const violations = await page.evaluate<{ id: string; impact: string; help: string; targets: string[] }[]>(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((result) => result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')).slice(0, 3),
      })))`);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.targets.join(', ')})`);
}

/** The screen is accessible (no serious or critical axe finding) and photographed as docs/screenshots/<name>.png. */
async function screen(page: Page, name: string): Promise<void> {
  expect({ screen: name, problems: await accessibilityProblems(page) }).toEqual({ screen: name, problems: [] });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
const liveStatus = (page: Page, status: string) =>
  page.getByTestId('order-status').getByText(`Order status: ${status}`, { exact: true }).waitFor({ state: 'attached' });
const storeOrderCard = (page: Page, orderId: string): Locator =>
  page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: `Order #${orderId.replace(/-/g, '').slice(0, 8)}` }) });

async function logIn(page: Page, user: string): Promise<void> {
  await page.goto(stack.url('/'));
  await heading(page, 'Log in');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill('password');
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** The page's saved session, from its sessionStorage (null when logged out). */
const storedSession = (page: Page) => page.evaluate<string | null>("sessionStorage.getItem('fooddelivery.session')");

/** The page's token: in sessionStorage, never in localStorage. */
async function tokenOf(page: Page): Promise<string> {
  expect(await page.evaluate<number>('localStorage.length')).toBe(0);
  return (JSON.parse((await storedSession(page)) ?? '{}') as { token: string }).token;
}

/** Opens store 1's menu and adds the items to the cart with the + buttons. */
async function fillCart(page: Page, items: Record<string, number>): Promise<void> {
  await page.goto(stack.url('/#/stores/1'));
  await heading(page, 'Golden Fried Chicken');
  for (const [name, quantity] of Object.entries(items)) {
    for (let i = 0; i < quantity; i++)
      await page.getByRole('button', { name: `One more ${name}`, exact: true }).click();
  }
}

const orderIdOf = (page: Page) => decodeURIComponent(/#\/orders\/([^/?#]+)/.exec(page.url())?.[1] ?? '');

describe('the gateway serves the front end', () => {
  it('at / with index.html not cached and hashed assets cached for a year, without shadowing an API route', async () => {
    const page = await fetch(stack.url('/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(stack.url(asset!));
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // the API is where it was: no token → 401 JSON, and an unknown asset is no file either
    for (const path of ['/orders', '/stores', '/assets/missing.js', '/index.htm']) {
      const answer = await call(stack.url(path));
      expect({ path, status: answer.status, message: typeof answer.body?.message }).toEqual({
        path,
        status: 401,
        message: 'string',
      });
    }
  });

  it("types the API with web/src/api/schema.d.ts, which is what the gateway's document gives (openapi-typescript)", () => {
    const check = spawnSync(
      process.execPath,
      [join(REPO, 'web', 'scripts', 'api-types.mjs'), '--check', stack.url('')],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });
});

describe('in a browser', () => {
  let orderId: string;

  it('a customer signs up (the server’s 409 and 400 shown as they are) and lands on the stores', async () => {
    await customer.goto(stack.url('/'));
    await heading(customer, 'Log in');
    await screen(customer, 'login');
    await customer.getByRole('link', { name: 'Create an account' }).click();
    await heading(customer, 'Create an account');

    await customer.getByLabel('Username').fill('alice');
    await customer.getByLabel('Password').fill(password);
    await customer.getByRole('button', { name: 'Create account' }).click();
    await customer.getByRole('alert').getByText('The username "alice" is taken').waitFor();

    await customer.getByLabel('Username').fill(username);
    await customer.getByLabel('Password').fill('short');
    await customer.getByRole('button', { name: 'Create account' }).click();
    await customer
      .getByRole('alert')
      .getByText(/password must be 10 to 128 characters/)
      .waitFor();
    await screen(customer, 'signup');

    await customer.getByLabel('Password').fill(password);
    await customer.getByRole('button', { name: 'Create account' }).click();
    await heading(customer, 'Stores');
    await customer.getByRole('link', { name: /Golden Fried Chicken/ }).waitFor();
    await customer.getByRole('heading', { name: 'Recommended for you' }).waitFor();
    await screen(customer, 'stores');
    expect(await call(stack.url('/auth/me'), { token: await tokenOf(customer) })).toMatchObject({
      status: 200,
      body: { sub: username, role: 'customer' },
    });
  });

  it('more sign-ups from the same address than the limit allows: the 429 is said plainly', async () => {
    const page = await customerContext.browser()!.newPage();
    try {
      await page.goto(stack.url('/#/signup'));
      await heading(page, 'Create an account');
      await page.getByLabel('Username').fill(`${username}-2`);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page
        .getByRole('alert')
        .getByText(/Too many attempts\. Please wait \d+ seconds/)
        .waitFor();
      expect(await page.getByRole('button', { name: /Try again in \d+ s/ }).isDisabled()).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('the owner’s queue shows the new paid order without a reload; each step moves the customer’s page live', async () => {
    await logIn(owner, 'owner1');
    await heading(owner, 'Store 1 queue');
    await owner
      .getByText(/No orders here right now|Updated/)
      .first()
      .waitFor();

    await fillCart(customer, { Chicken: 2, Cola: 1 });
    await customer.getByText('38,000 won', { exact: true }).waitFor();
    await screen(customer, 'menu');
    // a double click is one checkout attempt: one order
    await customer.getByRole('button', { name: 'Place order' }).dblclick();
    await customer.waitForURL(/#\/orders\//);
    orderId = orderIdOf(customer);
    await heading(customer, /^Order #/);
    await customer.getByText('Order placed and paid: 38,000 won.').waitFor();
    expect(await customer.getByTestId('order-total').textContent()).toBe('38,000 won');
    const token = await tokenOf(customer);
    const mine = await call(stack.url('/orders'), { token });
    expect(mine.body.map((o: { orderId: string }) => o.orderId)).toEqual([orderId]);

    const card = storeOrderCard(owner, orderId);
    await card.waitFor();
    await card.getByText('Received', { exact: true }).waitFor();
    await screen(owner, 'owner-queue');
    await liveStatus(customer, 'Placed');

    await card.getByRole('button', { name: 'Accept' }).click();
    await liveStatus(customer, 'Accepted');
    await card.getByRole('button', { name: 'Start cooking' }).click();
    await liveStatus(customer, 'Cooking');
    await customer.getByText('Live: changes appear as they happen.').waitFor();
    await screen(customer, 'order-live');
    await card.getByRole('button', { name: 'Finish cooking' }).click();
    await liveStatus(customer, 'Cooked');
    await card.getByLabel('Rider (optional)').fill('Minsu');
    await card.getByRole('button', { name: 'Start delivery' }).click();
    await liveStatus(customer, 'On its way');
    await customer.getByText('Rider: Minsu').waitFor();
    await card.getByRole('button', { name: 'Complete delivery' }).click();
    await liveStatus(customer, 'Delivered');
    await customer.getByText('This order has ended.').waitFor();
    // the cancel form is gone once delivered
    expect(await customer.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await screen(customer, 'order-delivered');
  });

  it('the customer reads the notifications, the welcome coupon and recommendations', async () => {
    await customer.getByRole('link', { name: 'Notifications' }).click();
    await heading(customer, 'Notifications');
    await customer.getByText(/was delivered\. Enjoy your meal!/).waitFor();
    await screen(customer, 'notifications');

    await customer.getByRole('link', { name: 'Coupons' }).click();
    await heading(customer, 'Coupons');
    await customer.getByText('3,000 won off').waitFor();
    await customer.getByText('welcome: your first delivered order').waitFor();
    await screen(customer, 'coupons');

    await customer.getByRole('link', { name: 'My orders' }).click();
    await heading(customer, 'My orders');
    await customer
      .getByRole('link', { name: new RegExp(`Order #${orderId.replace(/-/g, '').slice(0, 8)}.*Delivered`) })
      .waitFor();
    await screen(customer, 'my-orders');

    await customer.getByRole('link', { name: 'Stores' }).click();
    await customer
      .locator('section', { has: customer.getByRole('heading', { name: 'Recommended for you' }) })
      .getByRole('link', { name: /Chicken/ })
      .first()
      .waitFor();
  });

  it('the customer cancels an order while the store has not started delivery; the queue shows it cancelled', async () => {
    await fillCart(customer, { 'Spicy Chicken': 1 });
    await customer.getByRole('button', { name: 'Place order' }).click();
    await customer.waitForURL(/#\/orders\//);
    const cancelled = orderIdOf(customer);
    await liveStatus(customer, 'Placed');
    await storeOrderCard(owner, cancelled).getByRole('button', { name: 'Accept' }).click();
    await liveStatus(customer, 'Accepted');

    await customer.getByLabel('Reason (optional)').fill('changed my mind');
    await customer.getByRole('button', { name: 'Cancel order' }).click();
    await customer.getByText('Your order was cancelled. The payment is being refunded.').waitFor();
    await liveStatus(customer, 'Cancelled');
    await customer
      .getByText(/changed my mind/)
      .first()
      .waitFor();

    await owner.getByLabel('Show').selectOption('CANCELLED');
    await storeOrderCard(owner, cancelled).getByText('Cancelled', { exact: true }).waitFor();
    await owner.getByLabel('Show').selectOption('open');
  });

  it('an answer lost on the way: placing the order again sends the same attempt (Idempotency-Key) and gets the same order', async () => {
    const token = await tokenOf(customer);
    const before = (await call(stack.url('/orders'), { token })).body as { orderId: string }[];
    let placed: { orderId: string } | undefined;
    // the first POST /orders reaches app (placed and paid), then its answer is lost
    await customer.route('**/orders', async (route) => {
      if (route.request().method() !== 'POST' || placed) return route.fallback();
      placed = (await (await route.fetch()).json()) as { orderId: string };
      await route.abort('connectionreset');
    });
    try {
      await fillCart(customer, { Cola: 2 });
      await customer.getByRole('button', { name: 'Place order' }).click();
      await customer
        .getByRole('alert')
        .getByText(/No answer\..*never charged twice/)
        .waitFor();
      expect(placed).toBeDefined();
      await customer.getByRole('button', { name: 'Place order' }).click();
      await customer.waitForURL(/#\/orders\//);
    } finally {
      await customer.unrouteAll();
    }
    expect(orderIdOf(customer)).toBe(placed!.orderId);
    await customer.getByText('Order placed and paid: 4,000 won.').waitFor();
    const after = (await call(stack.url('/orders'), { token })).body as { orderId: string }[];
    expect(after.length).toBe(before.length + 1);
  });

  it('an admin declines every charge from the admin screen: the customer is told 402, nothing charged', async () => {
    await logIn(admin, 'admin');
    await heading(admin, 'Payment provider');
    await admin.getByLabel('Decline rate (0 to 1)').waitFor();
    await admin.getByRole('button', { name: 'Decline every charge' }).click();
    await admin.getByText(/Saved: .*decline rate 1\./).waitFor();
    await screen(admin, 'admin');

    await fillCart(customer, { Chicken: 1 });
    await customer.getByRole('button', { name: 'Place order' }).click();
    await customer
      .getByRole('alert')
      .getByText(/Payment declined\..*the card issuer declined the charge/)
      .waitFor();
    await screen(customer, 'payment-declined');
  });

  it('pay down: the breaker opens (shown on the admin screen), the customer is told 503 and the button counts Retry-After down; the next attempt goes through once pay is back', async () => {
    await admin.getByTestId('breaker-state').getByText('closed', { exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Down (every call fails)' }).click();
    await admin.getByText(/Saved: .*failure rate 1, decline rate 0\./).waitFor();
    // enough failing orders (another customer's, through the API) to open app's breaker
    const alice = await login(stack, 'alice');
    for (let i = 0; i < 5; i++)
      expect((await call(stack.url('/orders'), { token: alice, body: { item: 'cola', storeId: '1' } })).status).toBe(
        503,
      );
    await admin.getByTestId('breaker-state').getByText('open', { exact: true }).waitFor();
    await screen(admin, 'admin-breaker-open');

    await customer.getByRole('button', { name: 'Place order' }).click();
    await customer
      .getByRole('alert')
      .getByText(/Payment unavailable\..*was not placed and you were not charged/)
      .waitFor();
    const countdown = customer.getByRole('button', { name: /^Retry in \d+ s$/ });
    await countdown.waitFor();
    expect(await countdown.isDisabled()).toBe(true);
    await screen(customer, 'payment-unavailable');

    await admin.getByRole('button', { name: 'Healthy' }).click();
    await admin.getByText(/Saved: latency 0 ms, failure rate 0, decline rate 0\./).waitFor();
    const retry = customer.getByRole('button', { name: 'Place order' });
    await retry.waitFor();
    await eventually(() => retry.isEnabled(), UI_TIMEOUT_MS, 'the countdown to end');
    // Retry-After was the breaker's time to half-open: the trial call reaches pay, which is healthy again
    await retry.click();
    await customer.waitForURL(/#\/orders\//);
    await customer.getByText('Order placed and paid: 18,000 won.').waitFor();
    await admin.getByTestId('breaker-state').getByText('closed', { exact: true }).waitFor();
  });

  it('an expired token: the next call answers 401 and the page goes back to log-in with a message', async () => {
    const expired = stack.tokens.sign({ sub: username, role: 'customer' }, { expiresInSeconds: -60 });
    await customer.evaluate(
      `sessionStorage.setItem('fooddelivery.session', ${JSON.stringify(JSON.stringify({ token: expired, expiresAt: Date.now() + 60_000 }))})`,
    );
    await customer.reload();
    await heading(customer, 'Log in');
    await customer
      .getByText(/Your session has ended \(The token has expired; log in again\)\. Please log in again\./)
      .waitFor();
    expect(await storedSession(customer)).toBeNull();

    // and logging in again works; log out clears the session
    await customer.getByLabel('Username').fill(username);
    await customer.getByLabel('Password').fill(password);
    await customer.getByRole('button', { name: 'Log in' }).click();
    await heading(customer, 'Stores');
    await customer.getByRole('button', { name: 'Log out' }).click();
    await heading(customer, 'Log in');
    expect(await storedSession(customer)).toBeNull();
  });
});
