#!/bin/sh
echo "demo: coming up"
