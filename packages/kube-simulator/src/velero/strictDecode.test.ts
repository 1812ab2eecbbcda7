import { goString, strictDecode, type GoShape } from './strictDecode';

const shape: GoShape = {
  kind: 'struct',
  goType: 'pkg.Root',
  fields: {
    name: goString,
    items: {
      kind: 'list',
      goType: '[]pkg.Item',
      of: {
        kind: 'struct',
        goType: 'pkg.Item',
        fields: { value: goString },
      },
    },
    labels: { kind: 'map', goType: 'map[string]string', of: goString },
  },
};

describe('strictDecode', () => {
  it('turns YAML numbers and booleans bound for strings into strings, and matches names without case', () => {
    expect(
      strictDecode(
        { Name: 7, items: [{ value: true }, { value: 1.5 }], labels: { a: 1 } },
        shape,
      ),
    ).toEqual({
      value: {
        name: '7',
        items: [{ value: 'true' }, { value: '1.5' }],
        labels: { a: '1' },
      },
    });
  });

  it('leaves null fields unset', () => {
    expect(strictDecode({ name: null }, shape)).toEqual({
      value: { name: undefined },
    });
  });

  it("refuses unknown fields and mismatched types in Go's words", () => {
    expect(strictDecode({ nmae: 'x' }, shape)).toEqual({
      error: 'json: unknown field "nmae"',
    });
    expect(strictDecode({ items: [{ value: { a: 1 } }] }, shape)).toEqual({
      error:
        'json: cannot unmarshal object into Go struct field Item.items.value of type string',
    });
    expect(strictDecode({ items: 'x' }, shape)).toEqual({
      error:
        'json: cannot unmarshal string into Go struct field Root.items of type []pkg.Item',
    });
    expect(strictDecode([1], shape)).toEqual({
      error: 'json: cannot unmarshal array into Go value of type pkg.Root',
    });
  });
});
