import type { ErrorCode, YAMLError } from 'yaml';

/**
 * The `yaml` library's messages end with an excerpt of the file and some
 * quote names from it (aliases, tags); these fixed phrases say the same
 * without any of the file's content.
 */
const phrases: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'invalid alias',
  BAD_COLLECTION_TYPE: 'this tag does not fit the collection',
  BAD_DIRECTIVE: 'invalid directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation, or a [ or { that is not closed',
  BAD_PROP_ORDER: 'anchors and tags must come before the value',
  BAD_SCALAR_START: 'a plain value cannot start with this character',
  BLOCK_AS_IMPLICIT_KEY: 'a nested block cannot be used as a key here',
  BLOCK_IN_FLOW: 'a block value cannot be inside [ ] or { }',
  DUPLICATE_KEY: 'the same key appears twice',
  IMPOSSIBLE: 'unexpected YAML structure',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  MISSING_CHAR: 'a quote, comma, colon, dash or space is missing',
  MULTILINE_IMPLICIT_KEY: 'a key must be on a single line',
  MULTIPLE_ANCHORS: 'a value has more than one anchor',
  MULTIPLE_DOCS: 'unexpected document separator',
  MULTIPLE_TAGS: 'a value has more than one tag',
  NON_STRING_KEY: 'keys must be strings',
  RESOURCE_EXHAUSTION: 'too many aliases',
  TAB_AS_INDENT: 'tabs cannot be used for indentation',
  TAG_RESOLVE_FAILED: 'a tagged value cannot be read',
  UNEXPECTED_TOKEN: 'unexpected content',
};

/** `kymaros.yaml document 1, line 14 column 3: bad indentation` for one YAML error. */
export function yamlErrorText(where: string, error: YAMLError): string {
  const phrase = phrases[error.code] ?? `invalid YAML (${error.code})`;
  const at = error.linePos?.[0];
  return at
    ? `${where}, line ${at.line} column ${at.col}: ${phrase}`
    : `${where}: ${phrase}`;
}
