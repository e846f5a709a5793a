from pr_desk.cli import main

raise SystemExit(main())
