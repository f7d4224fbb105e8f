export function findSection(text: string, name: string): string | null;
export function replaceSection(text: string, name: string, body: string): string;
export function keepSections(oldText: string | null, newText: string, names: readonly string[]): string;
