import { PhraseText } from "../../../components/phrase-text.tsx";

/** A message with commands in backticks ("run `npm run richmenu -- export`"): the commands shown as code. */
export function CommandText({ children }: { children: string }) {
  return (
    <>
      {children.split(/`([^`]+)`/).map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} className="rich-menus__command">
            {part}
          </code>
        ) : (
          <PhraseText key={index}>{part}</PhraseText>
        ),
      )}
    </>
  );
}
