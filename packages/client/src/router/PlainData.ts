// The API's types are built from Effect Schemas, domain aliases and the server's own modules. A
// declaration file that named them would need those packages, so the client writes every type
// out in full instead: each alias, interface and schema type is replaced by the objects, arrays,
// unions and primitives it stands for. The declaration emitter prints such a type structurally,
// and only while no alias survives at any depth, hence the shape of these definitions:
// - every union is rebuilt through a one-member tuple (`[...][0]`), because a union that comes
//   out unchanged would keep its alias (e.g. the API's `ErrorReason`);
// - the mapped type sits in a conditional branch, where it gets no alias of its own.

type Primitive = string | number | boolean | bigint | symbol | null | undefined | void

/** `T` written out in full, with no alias left at any depth; JSON-shaped data only. */
export type PlainData<T> = (T extends unknown ? [PlainMember<T>] : never)[0]

type PlainMember<T> = unknown extends T
  ? T
  : T extends Primitive
    ? T
    : T extends object
      ? { [Key in keyof T]: PlainData<T[Key]> }
      : never
