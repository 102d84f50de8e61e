from collegium.cli import main

main()
