from awsprep.cli import main

main()
