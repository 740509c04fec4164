from generator.tools.cli import console

console()
