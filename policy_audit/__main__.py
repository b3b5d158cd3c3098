from policy_audit.cli import main

main()
