// The template registry (config check, gettemplate's answer) and the keyword value rule.
import { checkTemplates, defaultContent, templateList } from '../src/subscriptions/templates';
import { keywordType, valueLimit, valueProblem } from '../src/subscriptions/keywords';

const good = [
  { id: 'tmpl-order', title: 'Order shipped', kind: 'one-time', keywords: ['thing1', 'time2'] },
  { id: 'tmpl-news', title: 'Weekly news', kind: 'long-term', keywords: ['thing1'], content: 'Topic:{{thing1.DATA}}\n', example: 'Topic:Cats\n' },
];

describe('checkTemplates', () => {
  test('accepts a valid list and returns a frozen copy with the same fields', () => {
    const templates = checkTemplates(good, 'apps[0].templates');
    expect(templates).toEqual(good);
    expect(templates).not.toBe(good);
    expect(Object.isFrozen(templates)).toBe(true);
    expect(Object.isFrozen(templates[0])).toBe(true);
    expect(Object.isFrozen(templates[0]!.keywords)).toBe(true);
    expect(checkTemplates([], 'apps[1].templates')).toEqual([]);
  });

  const bad: Array<[string, unknown, string]> = [
    ['not an array', { id: 'x' }, 'apps[0].templates must be an array of templates {id, title, kind, keywords}'],
    ['an item not an object', [good[0], 'tmpl'], 'apps[0].templates[1] must be an object {id, title, kind, keywords, content?, example?}'],
    ['an unknown field', [{ ...good[0], keyword: ['thing1'] }], 'apps[0].templates[0] has an unknown field "keyword" (expected id, title, kind, keywords, content, example)'],
    ['no id', [{ ...good[0], id: undefined }], 'apps[0].templates[0].id must be a non-empty string of at most 128 characters'],
    ['an empty id', [{ ...good[0], id: '' }], 'apps[0].templates[0].id must be a non-empty string of at most 128 characters'],
    ['an id too long', [{ ...good[0], id: 'x'.repeat(129) }], 'apps[0].templates[0].id must be a non-empty string of at most 128 characters'],
    ['an id with a lone surrogate', [{ ...good[0], id: 'a\ud800' }], 'apps[0].templates[0].id must be a non-empty string of at most 128 characters'],
    ['a title not a string', [{ ...good[0], title: 3 }], 'apps[0].templates[0].title must be a non-empty string (what the user sees)'],
    ['a bad kind', [good[0], { ...good[1], kind: 'forever' }], 'apps[0].templates[1].kind must be "one-time" or "long-term"'],
    ['no keywords', [good[0], { ...good[1], keywords: [] }], 'apps[0].templates[1].keywords must be a non-empty array of keyword names like "thing1" (a type, then a number)'],
    ['keywords not an array', [{ ...good[0], keywords: 'thing1' }], 'apps[0].templates[0].keywords must be a non-empty array'],
    ['a keyword without a number', [{ ...good[0], keywords: ['thing'] }], 'apps[0].templates[0].keywords must be a non-empty array'],
    ['a keyword in capitals', [{ ...good[0], keywords: ['Thing1'] }], 'apps[0].templates[0].keywords must be a non-empty array'],
    ['a keyword twice', [{ ...good[0], keywords: ['thing1', 'thing1'] }], 'apps[0].templates[0].keywords names "thing1" twice'],
    ['content not a string', [{ ...good[0], content: 1 }], 'apps[0].templates[0].content must be a string'],
    ['example not a string', [{ ...good[0], example: null }], 'apps[0].templates[0].example must be a string'],
    ['two templates with one id', [good[0], { ...good[1], id: 'tmpl-order' }], 'apps[0].templates[1].id "tmpl-order" is already the id of another template of this app'],
  ];
  test.each(bad)('refuses %s with a TypeError naming the field', (_, value, message) => {
    expect(() => checkTemplates(value, 'apps[0].templates')).toThrow(TypeError);
    expect(() => checkTemplates(value, 'apps[0].templates')).toThrow(message);
  });

  test('accepts multi-word keyword types', () => {
    const [template] = checkTemplates([{ ...good[0], keywords: ['character_string1', 'phone_number12'] }], 'templates');
    expect(template!.keywords).toEqual(['character_string1', 'phone_number12']);
  });
});

describe('templateList (gettemplate)', () => {
  test("answers WeChat's shape: priTmplId, title, content, example, type 2 one-time / 3 long-term", () => {
    expect(templateList(checkTemplates(good, 'templates'))).toEqual({
      errcode: 0,
      errmsg: 'ok',
      data: [
        { priTmplId: 'tmpl-order', title: 'Order shipped', content: 'thing1:{{thing1.DATA}}\ntime2:{{time2.DATA}}\n', example: '', type: 2 },
        { priTmplId: 'tmpl-news', title: 'Weekly news', content: 'Topic:{{thing1.DATA}}\n', example: 'Topic:Cats\n', type: 3 },
      ],
    });
    expect(templateList([])).toEqual({ errcode: 0, errmsg: 'ok', data: [] });
  });

  test('the default content is one line per keyword', () => {
    expect(defaultContent(['name1', 'amount3'])).toBe('name1:{{name1.DATA}}\namount3:{{amount3.DATA}}\n');
  });
});

describe('keyword values', () => {
  test('the type is the keyword without its number', () => {
    expect(keywordType('thing12')).toBe('thing');
    expect(keywordType('character_string3')).toBe('character_string');
  });

  test.each([
    ['thing1', 20],
    ['name2', 20],
    ['number1', 32],
    ['letter1', 32],
    ['character_string1', 32],
    ['symbol1', 5],
    ['phrase3', 5],
    ['phone_number1', 17],
    ['car_number1', 8],
    ['amount1', 12],
    ['time2', 64],
    ['date4', 64],
  ])('%s holds at most %i characters', (keyword, limit) => {
    expect(valueLimit(keyword)).toBe(limit);
    expect(valueProblem(keyword, 'a'.repeat(limit))).toBeUndefined();
    expect(valueProblem(keyword, 'a'.repeat(limit + 1))).toMatch(`must be at most ${limit} characters`);
  });

  test('characters are code points: 20 emoji fit a thing, 21 do not', () => {
    expect(valueProblem('thing1', '😀'.repeat(20))).toBeUndefined();
    expect(valueProblem('thing1', '😀'.repeat(21))).toBe('must be at most 20 characters for a thing keyword');
  });

  test('control characters are refused', () => {
    expect(valueProblem('thing1', 'two\nlines')).toBe('must not contain control characters (line breaks included)');
    expect(valueProblem('thing1', '')).toBeUndefined();
  });
});
