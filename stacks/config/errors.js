"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConfigError = exports.NAMESPACE = void 0;
exports.keyPath = keyPath;
exports.formatProblem = formatProblem;
exports.valueAt = valueAt;
/** Collects config problems and reports them all at once, each naming the key path, the bad value and what is accepted. */
const pulumi = __importStar(require("@pulumi/pulumi"));
exports.NAMESPACE = "k3s-gitops";
function keyPath(path) {
    let out = exports.NAMESPACE;
    path.forEach((p, i) => {
        if (typeof p === "number")
            out += `[${p}]`;
        else
            out += i === 0 ? `:${p}` : `.${p}`;
    });
    return out;
}
function showValue(value) {
    const text = JSON.stringify(value);
    if (text === undefined)
        return String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
function formatProblem(p) {
    if (p.missing)
        return `${keyPath(p.path)} is missing: ${p.message}`;
    return `${keyPath(p.path)} is ${showValue(p.value)}: ${p.message}`;
}
/**
 * Thrown before any resource is registered. A RunError, so `pulumi up` prints the message without a stack trace.
 */
class ConfigError extends pulumi.RunError {
    problems;
    constructor(problems) {
        const lines = problems.map((p) => `  - ${formatProblem(p)}`);
        super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
        this.name = "ConfigError";
        this.problems = problems;
    }
}
exports.ConfigError = ConfigError;
/** Reads the value at `path` from a plain object, or undefined. */
function valueAt(root, path) {
    let cursor = root;
    for (const key of path) {
        if (cursor === null || typeof cursor !== "object")
            return undefined;
        cursor = cursor[key];
    }
    return cursor;
}
