#ifndef LVMGR_COMMAND_H
#define LVMGR_COMMAND_H
int cmd_main(int argc, char **argv);
#endif
