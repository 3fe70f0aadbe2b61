/**
 * `npm run setup` must install every program that Pano or its tests run. CI runs on a machine
 * where packages installed by hand hide a gap (Ghostscript once was missing from setup while CI
 * passed), so this test reads what the code spawns and what setup.sh provides, not what happens
 * to be installed here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../../server/paths.js';

const read = (file: string) => readFileSync(path.join(ROOT_DIR, file), 'utf8');

/** `program NAME PACKAGE` lines of setup.sh: NAME is provided by the Debian package PACKAGE. */
function setupPrograms(): Map<string, string> {
  const lines = read('server/setup/setup.sh').matchAll(/^program\s+(\S+)\s+(\S+)\s*$/gm);
  return new Map([...lines].map(([, name, pkg]) => [name!, pkg!]));
}

interface Spawned {
  program: string;
  where: string;
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;
const programName = (command: string) => path.basename(command.trim().split(/\s+/)[0]!);
const STRING = /^(['"`])([^'"`$]+)\1$/;

/**
 * Programs named in one TypeScript file: the first argument of a child_process call, as a literal,
 * a constant of the file, or the parameter of a local wrapper (its callers' literals), and a
 * browser's `executablePath`. An argument it cannot follow is reported as unresolved.
 */
function spawnedPrograms(file: string, text: string): { found: Spawned[]; unresolved: string[] } {
  const found: Spawned[] = [];
  const unresolved: string[] = [];
  const calls = /(?<![.\w])(?:execFileSync|execFile|spawnSync|spawn|execSync|exec)\)?\(\s*([^,)]+)/g;
  for (const match of text.matchAll(calls)) {
    const arg = match[1]!.trim();
    const where = `${file}:${lineOf(text, match.index)}`;
    const literal = STRING.exec(arg);
    if (literal) {
      found.push({ program: programName(literal[2]!), where });
      continue;
    }
    // Node itself is the README's prerequisite, not a system package.
    if (arg === 'process.execPath') continue;
    const constant = new RegExp(`const\\s+${arg}\\s*=\\s*([^;\\n]+)`).exec(text)?.[1]!.trim();
    const constantLiteral = constant && STRING.exec(constant);
    if (constantLiteral) {
      found.push({ program: programName(constantLiteral[2]!), where });
      continue;
    }
    // A binary of an npm package (node_modules/.bin) comes with `npm ci`.
    if (constant?.includes("'node_modules'")) continue;
    const wrapper = new RegExp(`(?:const|function)\\s+(\\w+)\\s*=?\\s*(?:async\\s*)?\\(\\s*${arg}\\b`).exec(text);
    const callers = wrapper ? [...text.matchAll(new RegExp(`(?<![.\\w])${wrapper[1]}\\(\\s*(['"\`])([^'"\`]+)\\1`, 'g'))] : [];
    if (callers.length === 0) {
      unresolved.push(`${where}: ${arg}`);
      continue;
    }
    for (const call of callers) found.push({ program: programName(call[2]!), where: `${file}:${lineOf(text, call.index)}` });
  }
  for (const match of text.matchAll(/executablePath:[^\n]*?(['"`])(\/[^'"`]+)\1/g)) {
    found.push({ program: path.basename(match[2]!), where: `${file}:${lineOf(text, match.index)}` });
  }
  return { found, unresolved };
}

/**
 * The words in command position of a shell script: first of a line, or after a separator or a
 * keyword that starts a command. Single-quoted text is data; "$(" inside double quotes runs one.
 */
function shellCommands(script: string): Set<string> {
  const code = script
    .replace(/^\s*#.*$/gm, '')
    .replace(/'[^']*'/g, "''")
    .replace(/"/g, ' ');
  const segments = code.split(/\n|;|&&|\|\||\||\$\(|\(|`|\b(?:then|do|else|if|while|until)\b|!/);
  const commands = segments.map((segment) => segment.trim().replace(/^(?:\w+=\S*\s+)+/, '').split(/\s+/)[0] ?? '');
  // Node and npm are the README's prerequisites, not packages setup installs.
  return new Set(commands.filter((word) => /^[a-z][\w.+-]*$/.test(word) && !['node', 'npm', 'npx'].includes(word)));
}

function tracked(pattern: string): string[] {
  return execFileSync('git', ['ls-files', pattern], { cwd: ROOT_DIR, encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** The Debian package that owns an executable on PATH, with its priority; undefined when none does. */
function debianOwner(program: string): { pkg: string; required: boolean } | undefined {
  let file: string;
  try {
    file = execFileSync('sh', ['-c', 'command -v "$1"', 'sh', program], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
  if (!file.startsWith('/')) return undefined; // a shell builtin or keyword
  const real = execFileSync('readlink', ['-f', file], { encoding: 'utf8' }).trim();
  // On a merged-/usr system dpkg still knows many programs by their /bin or /sbin path.
  const unmerged = (p: string) => p.replace(/^\/usr\/(s?bin)\//, '/$1/');
  for (const candidate of new Set([file, real, unmerged(file), unmerged(real)])) {
    try {
      const pkg = execFileSync('dpkg-query', ['-S', candidate], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(':')[0]!.trim();
      const priority = execFileSync('dpkg-query', ['-W', '-f=${Priority} ${Essential}', pkg], { encoding: 'utf8' });
      return { pkg, required: /^required\b|\byes$/.test(priority.trim()) };
    } catch {
      // Not owned under this name: try the link's target.
    }
  }
  return undefined;
}

/** Whether an installed package depends on another: build-essential on make, pkg-config on pkgconf. */
function dependsOn(pkg: string, dependency: string): boolean {
  try {
    const depends = execFileSync('dpkg-query', ['-W', '-f=${Depends}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return depends.split(/[,|]/).some((d) => d.trim().split(/[\s:]/)[0] === dependency);
  } catch {
    return false;
  }
}

const hasDpkg = (() => {
  try {
    execFileSync('dpkg-query', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('setup installs what the code runs', () => {
  const provided = setupPrograms();
  // This file's own examples of calls are data, not programs it runs; git, which it does run, has its line.
  const scanned = tracked('*.ts')
    .filter((file) => file !== 'test/unit/server/setup-programs.test.ts')
    .map((file) => spawnedPrograms(file, read(file)));
  const spawned = scanned.flatMap((s) => s.found);

  it('follows every child_process call to the program it runs', () => {
    expect(scanned.flatMap((s) => s.unresolved)).toEqual([]);
    // The scan itself must see the programs known to be run, or it proves nothing.
    for (const known of ['gs', 'pdfinfo', 'pdftotext', 'pdffonts', 'pdftoppm', 'openssl', 'chromium']) {
      expect(spawned.map((s) => s.program)).toContain(known);
    }
  });

  it('has a setup line for every program the TypeScript code and tests spawn', () => {
    const missing = spawned.filter((s) => !provided.has(s.program) && !(hasDpkg && debianOwner(s.program)?.required));
    expect(missing.map((s) => `${s.program} (${s.where})`)).toEqual([]);
  });

  it('has a setup line for every non-required Debian program that the CI script runs', () => {
    if (!hasDpkg) return;
    const missing = [...shellCommands(read('.ci/run'))].filter((word) => {
      const owner = debianOwner(word);
      return owner !== undefined && !owner.required && !provided.has(word);
    });
    expect(missing).toEqual([]);
  });

  it.runIf(hasDpkg)('names the Debian package that really provides each program installed here', () => {
    const wrong = [...provided].flatMap(([program, pkg]) => {
      const owner = debianOwner(program);
      return owner && owner.pkg !== pkg && !dependsOn(pkg, owner.pkg) ? [`${program}: setup says ${pkg}, dpkg says ${owner.pkg}`] : [];
    });
    expect(wrong).toEqual([]);
  });
});

describe('spawnedPrograms', () => {
  it('reads literals, constants, wrappers and a browser path, and reports what it cannot follow', () => {
    const text = [
      "const GS = 'gs';",
      "execFileSync('pdfinfo', [file]);",
      'await promisify(execFile)(GS, args);',
      "const run = (cmd: string, args: string[]) => execFileSync(cmd, args);",
      "run('pdftotext', ['-']);",
      "spawn(process.execPath, ['x']);",
      "chromium.launch({ executablePath: process.env.X ?? '/usr/bin/chromium' });",
      'spawn(someVariable, []);',
      "/re/.exec('not a program');",
    ].join('\n');
    const { found, unresolved } = spawnedPrograms('x.ts', text);
    expect(found.map((f) => f.program).sort()).toEqual(['chromium', 'gs', 'pdfinfo', 'pdftotext']);
    expect(unresolved).toEqual(['x.ts:8: someVariable']);
  });
});
