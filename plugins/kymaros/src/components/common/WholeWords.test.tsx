import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { WholeWords } from './WholeWords';

/** The style rules whose selector names an element inside the wrapper's class. */
function rulesFor(wrapper: Element, element: string): CSSStyleRule[] {
  const classes = [...wrapper.classList].map(c => `.${c} ${element}`);
  return [...document.styleSheets]
    .flatMap(sheet => [...sheet.cssRules])
    .flatMap(rule =>
      rule instanceof CSSMediaRule ? [...rule.cssRules] : [rule],
    )
    .filter((rule): rule is CSSStyleRule => rule instanceof CSSStyleRule)
    .filter(rule =>
      rule.selectorText.split(',').some(s => classes.includes(s.trim())),
    );
}

describe('WholeWords', () => {
  // jsdom ignores selector specificity, so the rule itself is checked; the
  // browser test checks the computed style on the Restore tab at 390 px.
  const renderTable = () =>
    renderInTestApp(
      <WholeWords>
        <table>
          <tbody>
            <tr>
              <td>Completed</td>
            </tr>
          </tbody>
        </table>
      </WholeWords>,
    );

  it('makes table cells inside it wrap whole words, outranking the theme (.MuiTableCell-root)', async () => {
    await renderTable();
    const wrapper = screen.getByText('Completed').closest('table')!
      .parentElement!;
    for (const cell of ['td', 'th']) {
      const [rule] = rulesFor(wrapper, cell);
      expect(rule?.style.wordBreak).toBe('normal');
      expect(rule?.style.overflowWrap).toBe('break-word');
    }
  });

  it('below 600 px, puts each cell on its own line', async () => {
    await renderTable();
    const wrapper = screen.getByText('Completed').closest('table')!
      .parentElement!;
    const [rule] = rulesFor(wrapper, 'tr > td');
    expect(rule?.style.display).toBe('block');
    expect((rule?.parentRule as CSSMediaRule).media.mediaText).toMatch(
      /max-width:\s*599\.95px/,
    );
  });
});
