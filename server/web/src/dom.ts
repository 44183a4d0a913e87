/**
 * Small DOM helpers. Text always goes in as text (textContent), never as HTML:
 * user names and chat come from other people.
 */

/** Attributes of {@link el}: `false`/`undefined` leave the attribute out. */
export type Attributes = Record<string, string | number | boolean | undefined>;

/** Makes an element with attributes and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

/** Sets an attribute only when it changes (keeps mutation observers and tests quiet). */
export function setAttr(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** Replaces the text of `node` when it changes. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
