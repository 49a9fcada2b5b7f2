"""Seeds of the `mermaid` target (fuzz/seeds.py runs this)."""
import glob

# byte 0 = format/theme (see the target), rest = the source. The test cases of tests/cases,
# each as SVG light and with one other selector, and a few hand-written ones.
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


def seeds(put, root):
    mmds = sorted(glob.glob(root + "/tests/cases/mermaid/*.mmd"))
    for i, src in enumerate([open(f, "rb").read() for f in mmds] + MERMAID):
        # bit 0 PNG; bits 1-3 theme light/dark/auto/neutral/forest; bits 4-5 background
        put("mermaid", bytes([0]) + src)
        put("mermaid", bytes([[1, 2, 4, 6, 8, 0x12, 0x25, 0x30][i % 8]]) + src)
