/** "a, b and c" with the language's word for "and" (languages with other punctuation write their own list). */
export const joinWith = (word: string, comma = ', ') => (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(comma)} ${word} ${items.at(-1)!}`);
