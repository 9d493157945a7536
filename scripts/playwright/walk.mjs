// An independent Playwright walk of the guide's classic flow, steps 1–18,
// against the Zoom stand-in (or any site with the same screens), to time
// against the harness's walk (scripts/bench-playwright.sh):
//
//	node scripts/playwright/walk.mjs <web-url> <marketplace-url> <email> <password> [redirect-url]
//
// It goes by role and exact accessible name only (the labels of
// pages/zoom/*.go), relies on Playwright's own actionability and waiting
// (plain click, fill, check; no force, no fixed sleeps), and makes the
// checks the harness makes where they cost a read: the account guard, the
// OAuth card's Create enabled, the secret revealed and masked again, the
// values read back after a reload (step 12), exactly the seven boxes ticked
// and the count "7 scopes added", the Scopes tab listing them, Add active,
// the app under Created Apps. Each run makes an app of its own name. The
// browser start, the context and the clean-up (the app deleted from
// Created Apps, as the harness's clean-up does) are not timed.
//
// stdout's last line: "steps 1-18: <seconds> s (app <name>)"; stderr: each
// step's time. Exit 1 on a failed step, naming it.
import { chromium } from 'playwright-core';
import { randomBytes } from 'node:crypto';

const [web, market, email, password, redirect = 'http://127.0.0.1:9/learningspace'] = process.argv.slice(2);
if (!password) {
  console.error('usage: node walk.mjs <web-url> <marketplace-url> <email> <password> [redirect-url]');
  process.exit(2);
}
const WEB = web.replace(/\/+$/, ''), MP = market.replace(/\/+$/, '');
const ACCOUNT_NO = process.env.ZOOM_ACCOUNT_NUMBER || '1234567890'; // the account guard (step 1)
// The harness's step deadline (config.DefaultStepTimeout), as every wait's.
const TIMEOUT = 30_000;

// The guide's app, as fixtures/testapp.New and internal/guide.AppScopes make it.
const stamp = new Date().toISOString().replace(/\D/g, '').slice(4, 14);
const app = {
  name: `Playwright bench ${stamp} ${randomBytes(2).toString('hex')}`,
  short: 'CAE LearningSpace virtual rooms on Zoom',
  long: 'Lets CAE LearningSpace schedule the meetings of its virtual rooms ' +
    'and fetch their cloud recordings for the Zoom users who authorize it.',
  company: 'CAE Healthcare', devName: 'LearningSpace QA', devEmail: 'learningspace-qa@example.test',
};
const SCOPES = [ // [step, category, name, box label]
  ['13.1', 'Meeting', 'meeting:read', 'View your meetings'],
  ['13.1', 'Meeting', 'meeting:write', 'View and manage your meetings'],
  ['13.2', 'Recording', 'recording:read', 'View your recordings'],
  ['13.2', 'Recording', 'recording:write', 'View and manage your recordings'],
  ['13.3', 'User', 'user:read', 'View your user information'],
  ['13.3', 'User', 'user:write', 'View and manage your user information'],
  ['13.3', 'User', 'user_profile', 'View your profile information'],
];

const exact = (name, more = {}) => ({ name, exact: true, ...more });
const expect = (ok, what, found) => { if (!ok) throw new Error(`expected ${what}, found ${found}`); };
const sameSet = (a, b) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

// The cookie banner covers the buttons until accepted (zoom.go, acceptCookies):
// looked for once, without waiting, as the harness does.
async function acceptCookies(p) {
  const banner = p.getByRole('region', exact('Cookie banner'));
  if (!(await banner.isVisible())) return;
  await banner.getByRole('button', exact('Accept Cookies')).click();
  await banner.waitFor({ state: 'hidden' });
}

// An account's first build shows the API License dialog (apptype.go).
async function acceptLicense(p) {
  const dlg = p.getByRole('dialog', exact('API License and Terms of Use'));
  if (!(await dlg.isVisible())) return false;
  await dlg.getByRole('checkbox', exact('I agree to the Zoom API License and Terms of Use')).check();
  await dlg.getByRole('button', exact('Accept')).click();
  await dlg.waitFor({ state: 'hidden' });
  return true;
}

// The brief's flags, the harness's own (internal/browser.Flags); Playwright
// adds its default switches, as rod's launcher adds its own.
const launchOptions = {
  executablePath: '/usr/bin/chromium', headless: true, chromiumSandbox: false,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};
// What the harness's Chromium has beyond the flags above (rod's launcher
// defaults and internal/browser.UnusedFeatures), so that both browsers do
// the same work: above all the omnibox popup off, a WebUI renderer
// preloaded for every context (about 1 s of CPU). Chromium keeps only the
// last --disable-features (and --enable-features), so these are merged into
// Playwright's own lists, read back from a first launch.
const HARNESS = {
  disable: ['site-per-process', 'TranslateUI', 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'],
  enable: ['NetworkService', 'NetworkServiceInProcess'],
  // --enable-automation also lets Browser.getBrowserCommandLine answer.
  switches: ['--enable-automation', '--disable-client-side-phishing-detection', '--disable-site-isolation-trials'],
};
async function launch() {
  const args = [...launchOptions.args, ...HARNESS.switches];
  const probe = await chromium.launch({ ...launchOptions, args });
  const { arguments: argv } = await (await probe.newBrowserCDPSession()).send('Browser.getBrowserCommandLine');
  await probe.close();
  const own = [];
  for (const [flag, extra] of [['--disable-features=', HARNESS.disable], ['--enable-features=', HARNESS.enable]]) {
    const lists = argv.filter((a) => a.startsWith(flag));
    own.push(...lists);
    args.push(flag + [...new Set([...lists.flatMap((a) => a.slice(flag.length).split(',')), ...extra])].join(','));
  }
  return chromium.launch({ ...launchOptions, ignoreDefaultArgs: own, args });
}
const browser = await launch();
const context = await browser.newContext(); // a fresh profile: the harness's incognito context
context.setDefaultTimeout(TIMEOUT);
context.setDefaultNavigationTimeout(TIMEOUT);
const page = await context.newPage();

let mp; // the Marketplace's tab, from step 3 on
const tabs = () => mp.getByRole('tablist', exact('App settings'));
const panel = (tab) => mp.getByRole('tabpanel', exact(tab));
async function tabShown(tab) { // app.go waitTab: the tab selected and its panel shown
  await tabs().getByRole('tab', exact(tab, { selected: true })).waitFor();
  await panel(tab).waitFor();
}
async function openTab(tab) {
  await tabs().getByRole('tab', exact(tab)).click();
  await tabShown(tab);
}
async function continueTo(from, to) { // the panel's Continue saves the tab and moves on
  await panel(from).getByRole('button', exact('Continue')).click();
  await tabShown(to);
}
const allowed = (p, u) => p.getByRole('list', exact('OAuth allow list')).getByRole('button', exact('Remove ' + u));
const createDlg = () => mp.getByRole('dialog', exact('Create an OAuth app'));
const scopesDlg = () => mp.getByRole('dialog', exact('Add scopes'));
const ticked = {}; // category → boxes ticked there

const steps = [
  ['1', 'Sign in as the account owner', async () => {
    await page.goto(WEB + '/signin');
    await acceptCookies(page);
    await page.getByRole('textbox', exact('Email Address')).fill(email);
    await page.getByRole('button', exact('Next')).click();
    await page.getByRole('textbox', exact('Password')).fill(password); // the visible one: hidden boxes do not match
    await page.getByRole('button', exact('Sign In')).click();
    await page.waitForURL((u) => ['/profile', '/myhome'].includes(u.pathname));
    await page.getByRole('navigation', exact('Side menu')).waitFor();
    const m = (await page.locator('body').innerText()).match(/Account No\.\s*:?\s*([0-9][0-9 -]*[0-9])/);
    const no = m ? m[1].replace(/[ -]/g, '') : '(none)';
    expect(no === ACCOUNT_NO, `the account ${ACCOUNT_NO}`, `the account ${no}`);
  }],
  ['2', 'Advanced', async () => {
    await acceptCookies(page);
    const menu = page.getByRole('navigation', exact('Side menu'));
    await menu.getByRole('button', exact('Advanced')).click();
    await menu.getByRole('button', exact('Advanced', { expanded: true })).waitFor();
    await menu.getByRole('link', exact('App Marketplace')).waitFor();
  }],
  ['3', 'App Marketplace', async () => {
    // The link may open a new tab or this one (profile.go): whichever comes first.
    const popup = page.waitForEvent('popup').catch(() => null);
    const here = page.waitForURL((u) => u.href.startsWith(MP)).then(() => page, () => null);
    await page.getByRole('navigation', exact('Side menu')).getByRole('link', exact('App Marketplace')).click();
    mp = await Promise.race([popup, here]);
    expect(mp, 'the App Marketplace in this tab or a new one', 'neither');
    await mp.waitForURL((u) => u.href.startsWith(MP));
    await acceptCookies(mp);
    await mp.getByRole('button', exact('Develop')).waitFor();
  }],
  ['4', 'Develop', async () => {
    await mp.getByRole('button', exact('Develop')).click(); // the pointer's way there hovers it too
    await mp.getByRole('menu', exact('Develop')).getByRole('menuitem', exact('Build App')).waitFor();
  }],
  ['5', 'Build App', async () => {
    await mp.getByRole('menu', exact('Develop')).getByRole('menuitem', exact('Build App')).click();
    const heading = mp.getByRole('heading', exact('Choose your app type'));
    await heading.or(mp.getByRole('dialog', exact('API License and Terms of Use'))).first().waitFor();
    await acceptLicense(mp);
    await heading.waitFor();
  }],
  ['6', 'Choose your app type: OAuth', async () => {
    await acceptLicense(mp);
    const create = mp.getByRole('group', exact('OAuth')).getByRole('button', exact('Create'));
    expect(await create.isEnabled(), "the OAuth card's Create enabled", 'it disabled');
  }],
  ['7', 'Create', async () => {
    const create = mp.getByRole('group', exact('OAuth')).getByRole('button', exact('Create'));
    await create.click();
    await createDlg().or(mp.getByRole('dialog', exact('API License and Terms of Use'))).first().waitFor();
    if ((await acceptLicense(mp)) && !(await createDlg().isVisible())) await create.click();
    await createDlg().waitFor();
  }],
  ['8.1', 'App Name', async () => {
    await createDlg().getByRole('textbox', exact('App Name')).fill(app.name);
  }],
  ['8.2', 'User-managed app', async () => {
    const radio = createDlg().getByRole('radio', exact('User-managed app'));
    await radio.check();
    expect(await radio.isChecked(), 'User-managed app selected', 'Account-level app');
  }],
  ['8.3', 'Publish switch off', async () => {
    const sw = createDlg().getByRole('switch', exact('Would you like to publish this app on Zoom Marketplace?'));
    await sw.uncheck();
    expect(!(await sw.isChecked()), 'the publish switch off', 'on');
  }],
  ['9', 'Create the app', async () => {
    await createDlg().getByRole('button', exact('Create')).click();
    await mp.waitForURL((u) => /\/develop\/(apps|applications)\/[^/]+/.test(u.pathname));
    await tabShown('App Credentials');
    const name = (await mp.getByRole('heading').first().textContent()).trim();
    expect(name === app.name, `the app page of "${app.name}"`, `"${name}"`);
  }],
  ['10.1', 'Client ID and Client Secret', async () => {
    const p = panel('App Credentials');
    const id = (await p.getByRole('textbox', exact('Client ID')).inputValue()).trim();
    expect(id !== '', 'a Client ID', 'none');
    const box = p.getByRole('textbox', exact('Client Secret'));
    const masked = await box.inputValue();
    await p.getByRole('button', exact('Show Client Secret')).click();
    await p.getByRole('button', exact('Hide Client Secret')).waitFor();
    const secret = (await box.inputValue()).trim();
    expect(secret !== '' && secret !== masked && !secret.includes('•'), 'the Client Secret revealed', 'the mask');
    await p.getByRole('button', exact('Hide Client Secret')).click(); // masked again, as the harness leaves it
    await p.getByRole('button', exact('Show Client Secret')).waitFor();
  }],
  ['10.2', 'Redirect URL for OAuth', async () => {
    await panel('App Credentials').getByRole('textbox', exact('Redirect URL for OAuth')).fill(redirect);
  }],
  ['10.3', 'OAuth allow list', async () => {
    const p = panel('App Credentials');
    await p.getByRole('textbox', exact('Add allow lists')).fill(redirect);
    await p.getByRole('button', exact('Add')).click();
    await allowed(p, redirect).waitFor(); // the site saves it at once
  }],
  ['11', 'Continue to Information', () => continueTo('App Credentials', 'Information')],
  ['11.1', 'Short and long descriptions', async () => {
    await panel('Information').getByRole('textbox', exact('Short description')).fill(app.short);
    await panel('Information').getByRole('textbox', exact('Long description')).fill(app.long);
  }],
  ['11.2', 'Company Name', () => panel('Information').getByRole('textbox', exact('Company Name')).fill(app.company)],
  ['11.3', 'Developer Contact Information', async () => {
    const contact = panel('Information').getByRole('group', exact('Developer Contact Information'));
    await contact.getByRole('textbox', exact('Name')).fill(app.devName);
    await contact.getByRole('textbox', exact('Email')).fill(app.devEmail);
  }],
  ['12', 'Scopes tab', async () => {
    await continueTo('Information', 'Scopes');
    // As the harness: reload, and read back what steps 10.2–11.3 saved.
    await mp.reload();
    await acceptCookies(mp);
    await mp.getByRole('heading').first().waitFor();
    const sel = tabs().getByRole('tab', { selected: true });
    await panel((await sel.textContent()).trim()).waitFor();
    await openTab('App Credentials');
    const c = panel('App Credentials');
    const got = await c.getByRole('textbox', exact('Redirect URL for OAuth')).inputValue();
    expect(got === redirect, `"${redirect}" after a reload`, `"${got}"`);
    expect(await allowed(c, redirect).isVisible(), `"${redirect}" on the allow list after a reload`, 'not there');
    await openTab('Information');
    const i = panel('Information'), contact = i.getByRole('group', exact('Developer Contact Information'));
    for (const [box, want] of [[i.getByRole('textbox', exact('Short description')), app.short],
      [i.getByRole('textbox', exact('Long description')), app.long],
      [i.getByRole('textbox', exact('Company Name')), app.company],
      [contact.getByRole('textbox', exact('Name')), app.devName],
      [contact.getByRole('textbox', exact('Email')), app.devEmail]]) {
      const v = await box.inputValue();
      expect(v === want, `"${want}" after a reload`, `"${v}"`);
    }
    await openTab('Scopes');
  }],
  ['13', 'Add Scopes', async () => {
    await panel('Scopes').getByRole('button', exact('Add Scopes')).click();
    await scopesDlg().getByRole('tablist', exact('Scope categories')).waitFor();
  }],
  ...['13.1', '13.2', '13.3'].map((n) => {
    const want = SCOPES.filter((s) => s[0] === n), category = want[0][1];
    return [n, `${category} scopes`, async () => {
      const tl = scopesDlg().getByRole('tablist', exact('Scope categories'));
      await tl.getByRole('tab', exact(category)).click();
      await tl.getByRole('tab', exact(category, { selected: true })).waitFor();
      for (const [, , , label] of want) await scopesDlg().getByRole('checkbox', exact(label)).check();
      // What is ticked in this category now: exactly this step's boxes.
      const on = await scopesDlg().getByRole('checkbox', { checked: true }).count();
      expect(on === want.length, `${want.length} boxes ticked in ${category}`, on);
      ticked[category] = want.map((s) => s[3]);
    }];
  }),
  ['14', 'Seven scopes selected', async () => {
    const txt = (await scopesDlg().getByRole('status').textContent()).trim();
    expect(parseInt(txt, 10) === SCOPES.length, `a count of ${SCOPES.length}`, `"${txt}"`);
    expect(sameSet(Object.values(ticked).flat(), SCOPES.map((s) => s[3])), 'exactly the seven boxes ticked', JSON.stringify(ticked));
  }],
  ['15', 'Done', async () => {
    await scopesDlg().getByRole('button', exact('Done')).click();
    await scopesDlg().waitFor({ state: 'hidden' });
    const items = panel('Scopes').getByRole('list', exact('Added scopes')).getByRole('listitem');
    await items.first().waitFor();
    // Each line: the description, then the scope's name (no spaces).
    const listed = (await items.allInnerTexts()).map((t) => t.trim().split(/\s+/))
      .map((f) => `${f.at(-1)} (${f.slice(0, -1).join(' ')})`);
    const want = SCOPES.map((s) => `${s[2]} (${s[3]})`);
    expect(sameSet(listed, want), `the Scopes tab to list ${JSON.stringify(want)}`, JSON.stringify(listed));
  }],
  ['16', 'Continue to Activation', () => continueTo('Scopes', 'Activation')],
  ['17', 'Add button active', async () => {
    expect(await panel('Activation').getByRole('button', exact('Add')).isEnabled(), 'the Add button active', 'Add disabled');
  }],
  ['18', 'Manage: Created Apps', async () => {
    await mp.getByRole('link', exact('Manage')).click();
    await mp.getByRole('heading', exact('Manage')).waitFor();
    await mp.getByRole('table', exact('Created Apps')).getByRole('link', exact(app.name)).waitFor();
    expect(await mp.getByRole('tab', exact('Created Apps', { selected: true })).isVisible(), 'the Created Apps tab selected', 'another tab');
  }],
];

let failed = false;
const took = [];
const start = performance.now();
for (const [n, title, run] of steps) {
  const t0 = performance.now();
  try {
    await run();
  } catch (err) {
    console.error(`step ${n} ${title} failed: ${err.message.split('\n')[0]}`);
    failed = true;
    break;
  }
  took.push(`${n}=${((performance.now() - t0) / 1000).toFixed(3)}`);
}
const total = (performance.now() - start) / 1000;
console.error('playwright steps (s): ' + took.join(' '));
if (!failed) {
  console.log(`steps 1-18: ${total.toFixed(3)} s (app ${app.name})`);
  // Clean-up, not timed: delete the app from Created Apps (its row's menu,
  // Delete, the dialog's Delete), so that every walk meets the same site.
  try {
    const table = mp.getByRole('table', exact('Created Apps'));
    await table.getByRole('button', exact('More actions for ' + app.name)).click();
    await mp.getByRole('menuitem', exact('Delete')).click();
    await mp.getByRole('dialog', exact('Delete app')).getByRole('button', exact('Delete')).click();
    await table.getByRole('link', exact(app.name)).waitFor({ state: 'detached' });
  } catch (err) {
    console.error(`clean-up: ${app.name} may be left: ${err.message.split('\n')[0]}`);
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
