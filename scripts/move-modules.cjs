#!/usr/bin/env node
// Moves TypeScript modules (files or whole folders) with `git mv` and rewrites
// every relative import of them, and every relative import inside them, in
// the files git tracks:
//
//   node scripts/move-modules.cjs <from> <to> [<from> <to> ...]
//
// Paths are relative to the repository root; a <to> folder is created. Only
// relative specifiers are rewritten ('./x', '../y'); package paths such as
// daily-node/serial-queue (package.json "exports") and prose in docs are not.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
const MODULE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
const SPECIFIER =
  /(\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|\bvi\.mock\s*\(\s*|^import\s+)(['"])(\.{1,2}\/[^'"]*)\2/gm;

/** Every tracked file below `p` (or `p` itself), as [old, new] absolute paths. */
function expand(from, to) {
  const files = git('ls-files', '--', from).split('\n').filter(Boolean);
  if (files.length === 0) throw new Error(`git tracks nothing at ${from}`);
  const isFolder = !(files.length === 1 && files[0] === from);
  return files.map((f) => [path.join(root, f), path.join(root, isFolder ? path.join(to, path.relative(from, f)) : to)]);
}

/** The module file a relative specifier names from `dir`, or undefined if it names none. */
function resolveModule(dir, specifier, exists) {
  const base = path.resolve(dir, specifier);
  const candidates = [
    base,
    ...MODULE_EXTENSIONS.map((e) => base + e),
    ...MODULE_EXTENSIONS.map((e) => path.join(base, 'index' + e)),
  ];
  return candidates.find(exists);
}

function stripExtension(file, specifier) {
  if (path.extname(specifier)) return file;
  const ext = path.extname(file);
  const noExt = MODULE_EXTENSIONS.includes(ext) ? file.slice(0, -ext.length) : file;
  return path.basename(noExt) === 'index' && !/\/index$/.test(specifier) ? path.dirname(noExt) : noExt;
}

function relativeSpecifier(fromDir, target) {
  const rel = path.relative(fromDir, target).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : './' + rel;
}

/** Removes the folders that moving left empty (git does not track folders, so git mv leaves them). */
function removeEmptyFolders(folders) {
  for (const dir of [...folders].sort((a, b) => b.length - a.length)) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
}

function main() {
  const args = process.argv.slice(2);
  if (args.length === 0 || args.length % 2 !== 0) {
    console.error('usage: move-modules.cjs <from> <to> [<from> <to> ...]');
    process.exit(2);
  }
  const moves = new Map();
  for (let i = 0; i < args.length; i += 2) for (const [a, b] of expand(args[i], args[i + 1])) moves.set(a, b);
  const oldFiles = new Set(
    git('ls-files')
      .split('\n')
      .filter(Boolean)
      .map((f) => path.join(root, f)),
  );
  const newToOld = new Map([...moves].map(([a, b]) => [b, a]));

  for (const [from, to] of moves) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    git('mv', path.relative(root, from), path.relative(root, to));
  }
  removeEmptyFolders(new Set([...moves.keys()].map((f) => path.dirname(f))));

  const sources = git('ls-files', ...MODULE_EXTENSIONS.map((e) => '*' + e))
    .split('\n')
    .filter(Boolean);
  let changed = 0;
  for (const rel of sources) {
    const file = path.join(root, rel);
    const oldFile = newToOld.get(file) ?? file;
    const text = fs.readFileSync(file, 'utf8');
    const out = text.replace(SPECIFIER, (whole, lead, quote, specifier) => {
      const target = resolveModule(path.dirname(oldFile), specifier, (f) => oldFiles.has(f));
      if (!target) return whole;
      const moved = moves.get(target) ?? target;
      const next = relativeSpecifier(path.dirname(file), stripExtension(moved, specifier));
      return next === specifier ? whole : `${lead}${quote}${next}${quote}`;
    });
    if (out !== text) {
      fs.writeFileSync(file, out);
      changed++;
    }
  }
  console.log(`moved ${moves.size} files; rewrote imports in ${changed} files`);
}

main();
