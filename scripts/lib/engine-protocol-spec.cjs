// Reads the engine protocol as the TypeScript sources declare it
// (src/engine/protocol/*.ts, src/engine/frame-kind.ts): method names with
// their result keys, event names, data frame types, error codes, frame kinds
// and the version. The TS sources are the one source of truth; the C++ side
// is generated from what this returns (scripts/generate-engine-protocol.cjs),
// and test/native/engine-protocol.test.ts compares the running engine with it.
'use strict';
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..');
const protocolIndex = path.join(root, 'src/engine/protocol/index.ts');
const frameKindFile = path.join(root, 'src/engine/frame-kind.ts');

/** Keys of an object type, with whether each is optional; Buffer-typed keys are binary payloads, not JSON. */
function keysOf(checker, type) {
  return checker
    .getPropertiesOfType(type)
    .filter((p) => {
      const t = checker.getTypeOfSymbol(p);
      return !/^Buffer\b/.test(checker.typeToString(t));
    })
    .map((p) => ({ name: p.getName(), optional: (p.getFlags() & ts.SymbolFlags.Optional) !== 0 }));
}

function exportedSymbol(checker, file, name) {
  const moduleSymbol = checker.getSymbolAtLocation(file);
  const symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.getName() === name);
  if (!symbol) throw new Error(`${file.fileName} exports no ${name}`);
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function propertyNames(checker, file, interfaceName) {
  const type = checker.getDeclaredTypeOfSymbol(exportedSymbol(checker, file, interfaceName));
  return checker.getPropertiesOfType(type).map((p) => p.getName());
}

/** @returns {import('./engine-protocol-spec.cjs').EngineProtocolSpec} (types: engine-protocol-spec.d.cts) */
function readEngineProtocol() {
  const program = ts.createProgram([protocolIndex, frameKindFile], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    types: ['node'],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(protocolIndex);
  const frameKind = program.getSourceFile(frameKindFile);

  const methodsType = checker.getDeclaredTypeOfSymbol(exportedSymbol(checker, index, 'EngineMethods'));
  const methods = checker.getPropertiesOfType(methodsType).map((m) => {
    const entry = checker.getTypeOfSymbol(m);
    const part = (key) => checker.getTypeOfSymbol(checker.getPropertyOfType(entry, key));
    return { name: m.getName(), params: keysOf(checker, part('params')), result: keysOf(checker, part('result')) };
  });

  const versionSymbol = exportedSymbol(checker, index, 'ENGINE_PROTOCOL_VERSION');
  const versionType = checker.getTypeOfSymbol(versionSymbol);
  if (!versionType.isNumberLiteral()) throw new Error('ENGINE_PROTOCOL_VERSION must be a number literal');

  const errorType = checker.getDeclaredTypeOfSymbol(exportedSymbol(checker, index, 'EngineErrorCode'));
  const errorCodes = (errorType.isUnion() ? errorType.types : [errorType]).map((t) => {
    if (!t.isStringLiteral()) throw new Error('EngineErrorCode must be a union of string literals');
    return t.value;
  });

  const frameKindEnum = exportedSymbol(checker, frameKind, 'FrameKind');
  const frameKinds = checker.getExportsOfModule(frameKindEnum).map((member) => {
    const value = checker.getConstantValue(member.valueDeclaration);
    if (typeof value !== 'number') throw new Error(`FrameKind.${member.getName()} must be a number`);
    return { name: member.getName(), value };
  });

  const sort = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    version: versionType.value,
    frameKinds,
    errorCodes: errorCodes.sort(sort),
    methods: methods.sort((a, b) => sort(a.name, b.name)),
    events: propertyNames(checker, index, 'EngineEvents').sort(sort),
    dataTypes: propertyNames(checker, index, 'EngineDataFrames').sort(sort),
  };
}

module.exports = { readEngineProtocol };
