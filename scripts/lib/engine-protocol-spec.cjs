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

/**
 * What a param field's JSON value must be, as far as the generated C++ param
 * struct checks it: a string, a number, a boolean, one of some strings, a
 * list of strings, any value, or an object or array that the handler reads
 * further itself. Null counts as absent, so `T | null` is optional.
 */
function fieldTypeOf(checker, type) {
  const parts = type.isUnion() ? type.types : [type];
  const present = parts.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
  const nullable = present.length !== parts.length;
  const all = (flag) => present.length > 0 && present.every((t) => t.flags & flag);
  const described = (kind, extra = {}) => ({ kind, nullable, ...extra });
  if (present.some((t) => t.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any))) return described('any');
  if (all(ts.TypeFlags.BooleanLike)) return described('boolean');
  if (all(ts.TypeFlags.StringLiteral)) return described('enum', { values: present.map((t) => t.value).sort() });
  if (all(ts.TypeFlags.StringLike)) return described('string');
  if (all(ts.TypeFlags.NumberLike)) return described('number');
  if (present.length === 1 && checker.isArrayType(present[0])) {
    const [element] = checker.getTypeArguments(present[0]);
    return described(element.flags & ts.TypeFlags.String ? 'strings' : 'array');
  }
  if (present.length === 1 && present[0].flags & ts.TypeFlags.Object) return described('object');
  throw new Error(`no C++ param type for ${checker.typeToString(type)}: give the field a simpler type`);
}

/** Params of a method with the JSON type of each (see fieldTypeOf). */
function paramsOf(checker, type) {
  return keysOf(checker, type).map((key) => {
    const symbol = checker.getPropertyOfType(type, key.name);
    const fieldType = fieldTypeOf(checker, checker.getTypeOfSymbol(symbol));
    // A named union (ColorFormat, ...) lets errors say what was expected in words.
    const node = symbol.valueDeclaration?.type;
    if (fieldType.kind === 'enum' && node && ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      fieldType.alias = node.typeName.text;
    }
    return { ...key, type: fieldType };
  });
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
    return { name: m.getName(), params: paramsOf(checker, part('params')), result: keysOf(checker, part('result')) };
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
