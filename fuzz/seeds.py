#!/usr/bin/env python3
"""Writes the seed corpora into fuzz/corpus/TARGET (see README.md). Idempotent."""
import base64
import glob
import hashlib
import os
import zlib

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def put(target, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


dots = sorted(
    f
    for f in glob.glob(root + "/tests/corpus/**/*.gv", recursive=True)
    + glob.glob(root + "/tests/cases/graphviz/*.dot")
    if os.path.getsize(f) <= 20 * 1024
)
for i, f in enumerate(dots):
    src = open(f, "rb").read()
    if len(src) <= 4096:
        # draw: byte 0 = format/theme, byte 1 = layout override (>= 128)
        put("draw", bytes([0, 0]) + src)
        put("draw", bytes([[2, 1, 4, 3, 8][i % 5], [0, 130, 131, 135][i % 4]]) + src)
        put("decode", base64.urlsafe_b64encode(zlib.compress(src, 9)).rstrip(b"="))
    put("service", src[:4096])
for s in [b"digraph{a->b}", b"graph{}", b""]:
    for level in (0, 1, 6, 9):
        put("decode", base64.urlsafe_b64encode(zlib.compress(s, level)).rstrip(b"="))
    put("decode", base64.urlsafe_b64encode(zlib.compress(s, 9)))
    put("decode", base64.b64encode(zlib.compress(s, 9)))
put("decode", b"eNpLyUwvSizIUHBXqPZIzcnJ17ULzy_KSanlAgB1EAjQ")

svgs = [f for f in glob.glob(root + "/tests/**/*.svg", recursive=True) if os.path.getsize(f) <= 20 * 1024]
for i, f in enumerate(sorted(svgs)):
    put("sanitize", bytes([i % 4]) + open(f, "rb").read())
for s in [
    b'<svg xmlns="http://www.w3.org/2000/svg"><a xlink:href="javascript:alert(1)" xmlns:xlink="http://www.w3.org/1999/xlink"><text x="1" y="2">&nbsp;&amp;</text></a></svg>',
    b'<svg><script>alert(1)</script><g onclick="x"><polygon fill="black" points="0,0 1,1"/></g></svg>',
    b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><!-- c --><svg><![CDATA[x]]><foreignObject><p/></foreignObject><rect style="fill:url(#a)" width="1" height="1"/></svg>',
    b'<svg><g><ellipse fill="white" stroke="black" cx="1" cy="1" rx="3" ry="3"/><text x="1" y="1" font-size="14">t</text></g><path fill="#d3d3d3" d="M0,0C1,1 2,2 3,3"/></svg>',
]:
    for theme in range(4):
        put("sanitize", bytes([theme]) + s)

# mermaid, wit: byte 0 = format/theme (see the targets), rest = the source. The test cases
# of tests/cases, each as SVG light and with one other selector, and a few hand-written ones.
MERMAID = [
    # flowchart: nested subgraphs, directions, shapes, links to and from subgraphs, classes
    b"""flowchart TB
    c1-->a2
    subgraph one [First one]
        direction LR
        a1-->a2
    end
    subgraph two
        b1-->b2
        subgraph three
            t1 --> t2
        end
    end
    one --> two
    three -.-> c2
    a1{{hex}} & b1((circle)) ==>|label| c1[/para/]
    c2 --o c3>flag] --x c4[(db)]
    click a1 "https://example.com" "tip"
    classDef hot fill:#f96,stroke:#333,stroke-width:4px
    class a1,b2 hot
    style t1 fill:#bbf
    linkStyle 0 stroke:#f00
""",
    # sequence: loop, alt/else, opt, par, critical, break, rect, notes, activation
    b"""sequenceDiagram
    autonumber
    participant A as Alice
    actor B as Bob
    box Aqua Group
    participant C
    end
    A->>B: Hello
    loop Every minute
        B-->>A: ping
        alt is sick
            B->>A: Not so good
        else is well
            B->>A: Fine
        end
        opt Extra
            A-)B: thanks
        end
    end
    par A to B
        A->>+B: one
    and A to C
        A->>C: two
    end
    critical connect
        A->>B: x
    option timeout
        B-xA: y
    end
    break when done
        C--)A: bye
    end
    rect rgb(200, 220, 255)
    Note over A,B: in a box
    end
    Note right of C: a<br/>note
    B-->>-A: done
""",
    b"""stateDiagram-v2
    [*] --> Still
    state Moving {
        [*] --> Slow
        Slow --> Fast: speed up
        state fork_state <<fork>>
        Fast --> fork_state
        fork_state --> A
        fork_state --> B
        --
        [*] --> Other
    }
    Still --> Moving
    Moving --> [*]
    note right of Still: resting
""",
    b"""classDiagram
    class Animal~T~ {
        <<interface>>
        +String name
        +List~T~ items
        +move(int d)$ bool
        -digest()*
    }
    Animal <|-- Duck : is
    Animal "1" *-- "many" Leg
    Duck ..> Pond
    namespace Zoo {
        class Keeper
    }
""",
    b"""%%{init: {"theme": "forest", "securityLevel": "loose", "flowchart": {"htmlLabels": true}}}%%
graph LR
    A["<b>bold</b> <script>alert(1)</script>"] -->|"<img src=x onerror=alert(1)>"| B("javascript:alert(1)")
    click B "javascript:alert(1)"
    click A callback "tooltip"
""",
    b"""pie showData title Pets
    "Dogs" : 386
    "Cats" : 85.5
    "Rats" : 0
""",
    b"""erDiagram
    CUSTOMER ||--o{ ORDER : places
    ORDER ||--|{ LINE-ITEM : contains
    CUSTOMER {
        string name PK
        int age "comment"
    }
""",
    b"""gantt
    dateFormat YYYY-MM-DD
    title A
    excludes weekends
    section S
    Task a :done, a1, 2024-01-01, 30d
    Task b :active, after a1, 2w
    Milestone :milestone, m1, 2024-03-01, 0d
""",
    b"graph TD\n  A-->A\n  A-->B & C & D\n  B-->A",
    b"flowchart LR\n",
]
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
mmds = sorted(glob.glob(root + "/tests/cases/mermaid/*.mmd"))
for i, src in enumerate([open(f, "rb").read() for f in mmds] + MERMAID):
    # bit 0 PNG; bits 1-3 theme light/dark/auto/neutral/forest; bits 4-5 background
    put("mermaid", bytes([0]) + src)
    put("mermaid", bytes([[1, 2, 4, 6, 8, 0x12, 0x25, 0x30][i % 8]]) + src)
wits = sorted(glob.glob(root + "/tests/cases/wit/*.wit"))
for i, src in enumerate([open(f, "rb").read() for f in wits] + WIT):
    # bit 0 PNG; bits 1-2 theme light/dark/auto; bit 3 wit-detail=names
    put("wit", bytes([0]) + src)
    put("wit", bytes([[1, 2, 4, 8, 11, 13][i % 6]]) + src)

for t in ("decode", "draw", "sanitize", "service", "mermaid", "wit"):
    print(t, len(os.listdir(os.path.join(here, "corpus", t))))
