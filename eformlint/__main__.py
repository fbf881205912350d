from eformlint.cli import main

main()
