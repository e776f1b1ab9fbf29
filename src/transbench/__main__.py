import sys

from transbench.cli import main

sys.exit(main())
