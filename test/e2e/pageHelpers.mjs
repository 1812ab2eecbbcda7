// What the browser scenarios share: finding text, waiting, and the entity pages' addresses.
export const entity = name => `/catalog/default/component/${name}`;

export async function visible(page, text, timeout = 60_000) {
  await page.getByText(text).first().waitFor({ state: 'visible', timeout });
}

export async function until(what, fn, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  while (!(await fn())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting until ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

// The entity page's "Restore" tab: a tab on the legacy system, a link in the new system's header.
export const restoreTab = page => page.locator('a', { hasText: /^restore$/i });
