import { jaModel, Parser } from "budoux";

// Loaded on its own, only where the browser cannot break Japanese between phrases itself (iOS
// WebKit has no `word-break: auto-phrase`): BudouX's Japanese model is most of its weight.

/** Google's BudouX with its Japanese model: a sentence cut into the phrases a line may break between. */
export function createJapanesePhraseSplitter(): (sentence: string) => string[] {
  const parser = new Parser(jaModel);
  return (sentence) => parser.parse(sentence);
}
