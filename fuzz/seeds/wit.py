"""Seeds of the `wit` target (fuzz/seeds.py runs this)."""
import glob

# byte 0 = format/theme (see the target), rest = the source. The test cases of tests/cases,
# each as SVG light and with one other selector, and a few hand-written ones.
WIT = [
    # nested packages, resources (constructor, methods, static functions, borrow/own),
    # flags, enum, variant, tuple, a world that includes another and exports a function
    b"""package demo:app@1.0.0;

package demo:base@1.0.0 {
  interface top {
    resource blob {
      constructor(init: list<u8>);
      write: func(bytes: list<u8>);
      read: func(n: u32) -> list<u8>;
      merge: static func(lhs: borrow<blob>, rhs: borrow<blob>) -> blob;
    }
    flags perms { read, write, exec }
    enum color { red, green }
    variant shape { circle(f32), none }
    type pair = tuple<u32, option<string>>;
  }
}

package demo:inner@0.1.0 {
  interface store {
    use demo:base/top@1.0.0.{blob};
    resource bucket {
      constructor(name: string);
      get: func(key: string) -> option<own<blob>>;
    }
    open: func(name: string) -> result<bucket, string>;
  }
  interface admin {
    use store.{bucket};
    wipe: func(b: bucket);
  }
  /// @language rust
  world service {
    import store;
    export admin;
    import wasi:clocks/monotonic-clock@0.2.0;
  }
}

package demo:outer {
  interface api {
    use demo:inner/store@0.1.0.{bucket};
    stream-it: func(b: borrow<bucket>) -> stream<u8>;
  }
  /// @size 12KB
  world edge {
    include demo:inner/service@0.1.0;
    export api;
  }
}

world app {
  import demo:inner/store@0.1.0;
  import log: interface {
    log: func(msg: string);
  }
  include demo:outer/edge;
  export run: func() -> result;
}
""",

    b"""package a:b;
world w {
  import x: func();
  export y: interface { f: func(a: list<list<u8>>) -> tuple<u8, s8>; }
}
""",
    b"package a:b;\ninterface i { resource r; }\nworld w { export i; }\n",
    b"package x:y@1.2.3-rc.1+build;\n@since(version = 1.2.0)\ninterface i {\n  @unstable(feature = f)\n  g: func();\n}\n",
]


def seeds(put, root):
    wits = sorted(glob.glob(root + "/tests/cases/wit/*.wit"))
    for i, src in enumerate([open(f, "rb").read() for f in wits] + WIT):
        # bit 0 PNG; bits 1-2 theme light/dark/auto; bit 3 wit-detail=names
        put("wit", bytes([0]) + src)
        put("wit", bytes([[1, 2, 4, 8, 11, 13][i % 6]]) + src)
