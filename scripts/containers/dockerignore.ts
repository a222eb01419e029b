/**
 * `.dockerignore` semantics, as far as the lint needs them: patterns are Go filepath.Match globs on
 * slash paths relative to the context, `**` matches any number of directories, a pattern also excludes
 * everything under a directory it matches, `!` re-includes, and the last matching line wins.
 */

interface Rule {
  negate: boolean;
  re: RegExp;
}

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        // `**/` any directories (also none); a trailing `**` anything.
        if (pattern[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A match on a directory excludes what is under it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

export class DockerIgnore {
  private readonly rules: Rule[];

  constructor(text: string) {
    this.rules = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => {
        const negate = l.startsWith('!');
        const p = (negate ? l.slice(1) : l).trim().replace(/^\/+/, '').replace(/\/+$/, '');
        return { negate, re: globToRegExp(p) };
      });
  }

  /** Is this context-relative path (slashes) left out of the build context? */
  excludes(path: string): boolean {
    const p = path.replace(/^\.\//, '').replace(/\/+$/, '');
    let excluded = false;
    for (const r of this.rules) if (r.re.test(p)) excluded = !r.negate;
    return excluded;
  }
}
