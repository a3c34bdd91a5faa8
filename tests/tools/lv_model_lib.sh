# A model of LV sizes and a fixed-seed random sequence of LV commands, for
# tests/image/lv_model.sh and tests/interop/lv_model_vs_lvm2.sh. Source it
# after tests/lib.sh; seed bash's RANDOM (RANDOM=N) before the first lm_gen.
#
# The generator writes commands with placeholders that each tool's run fills
# in (lm_subst): "@VG" is the VG, "@PVi" PV number i (VG order), so the same
# sequence can run on image files and on two sets of loop devices.
#
# Layouts are read back with lm_analyze into $T_DIR/an.<tag>:
#   L name extents segments      per LV (extents from seg_size_pe, checked
#                                against lv_size)
#   G name seg_size pN:a-b ...   per segment, in report order, PVs numbered
#   F pv start length            per free area (maximal run of free extents)
#   S segments fragments used free    for the VG
#   X problem                    any inconsistency: an extent used twice,
#                                a range outside its PV, pvs' counts not
#                                matching the ranges, lv_size not matching
set -u

LM_NAMES=()		# LVs of the model, in creation order
declare -A LM_SIZE LM_STR LM_POL	# extents, stripes, allocation policy
LM_SEQ=0		# next generated name
LM_NPV=0		# PVs (set by the caller)
LM_PE=()		# their extent counts
LM_ES=2048		# extent size in sectors
LM_CREATE_OPTS=(-an)	# the interop test adds -Zn -Wn -y

lm_rand() { R=$((RANDOM % $1)); }

# lm_analyze TAG RUNNER VG DEV...: read the VG through RUNNER (lv or l2, which
# leave the output in $T_DIR/out and the status in $RC): lvs and pvs in json
# (with LM_LVS_ONLY set: lvs only, in text, the PVs' sizes from LM_PE).
# Returns 1 when a report fails or does not parse.
lm_analyze() {
	local tag=$1 run=$2 vg=$3 f=$T_DIR/an.$1
	shift 3
	: >"$f"
	if [ -n "${LM_LVS_ONLY:-}" ]; then
		# lvs alone, as text (no jq: time); the PVs' sizes from LM_PE, no
		# check of pvs' counts
		$run lvs -a --noheadings --separator "$(printf '\t')" --units s --nosuffix \
			-o lv_name,lv_size,seg_size_pe,seg_pe_ranges "$vg"
		if [ "$RC" != 0 ]; then echo "X lvs exit $RC" >"$f"; return 1; fi
		local i
		{
			for ((i = 0; i < LM_NPV; i++)); do
				printf 'P\t%s\t%s\t-\t-\t%s\n' "${@:$((i + 1)):1}" "${LM_PE[$i]}" "$LM_ES"
			done
			sed 's/^ */V\t/' "$T_DIR/out"
		} >"$f.tsv"
	else
		$run lvs -a --reportformat json --units s --nosuffix -o lv_name,lv_size,seg_pe_ranges,seg_size_pe "$vg"
		if [ "$RC" != 0 ]; then echo "X lvs exit $RC" >"$f"; return 1; fi
		mv "$T_DIR/out" "$f.lvs"
		$run pvs --reportformat json --units s --nosuffix \
			-o pv_name,vg_name,pv_pe_count,pv_pe_alloc_count,pv_free,vg_extent_size
		if [ "$RC" != 0 ]; then echo "X pvs exit $RC" >"$f"; return 1; fi
		mv "$T_DIR/out" "$f.pvs"
		# one jq for both (its start-up is most of the cost)
		if ! jq -rn --arg vg "$vg" '
			(input | .report[0].pv[] | select(.vg_name == $vg) |
				"P\t\(.pv_name)\t\(.pv_pe_count)\t\(.pv_pe_alloc_count)\t\(.pv_free)\t\(.vg_extent_size)"),
			(input | .report[0].lv[] | "V\t\(.lv_name)\t\(.lv_size)\t\(.seg_size_pe)\t\(.seg_pe_ranges)")' \
			"$f.pvs" "$f.lvs" >"$f.tsv" 2>"$f.jqerr"; then
			echo "X lvs or pvs json does not parse: $(head -1 "$f.jqerr")" >"$f"; return 1
		fi
	fi
	awk -F'\t' -v devs="$*" '
	BEGIN { OFS = "\t"; npv = split(devs, d, " "); for (i = 1; i <= npv; i++) idx[d[i]] = i - 1 }
	$1 == "P" {
		$1 = ""; sub(/^\t/, "")
		if (!($1 in idx)) { print "X unknown PV " $1; next }
		p = idx[$1]; seen[p] = 1; pe[p] = $2; alloc[p] = $3; fsz[p] = $4; es = $5
		next
	}
	$1 == "V" {
		$1 = ""; sub(/^\t/, "")
		name = $1
		if (!(name in nsegs)) { names[++nl] = name; lvsize[name] = $2 }
		nsegs[name]++; ext[name] += $3; segs++
		k = split($4, r, " ")
		if (k < 1) { print "X " name ": segment without PV ranges"; next }
		if ($3 % k) print "X " name ": segment of " $3 " extents over " k " stripes"
		per = int($3 / k); g = "G " name " " $3
		for (j = 1; j <= k; j++) {
			c = match(r[j], /:[0-9]+-[0-9]+$/)
			if (!c) { print "X " name ": bad range " r[j]; continue }
			dev = substr(r[j], 1, c - 1); split(substr(r[j], c + 1), ab, "-")
			if (!(dev in idx)) { print "X " name ": range on unknown PV " dev; continue }
			p = idx[dev]; a = ab[1] + 0; b = ab[2] + 0; g = g " p" p ":" a "-" b
			if (b - a + 1 != per) print "X " name ": range " r[j] " is not " per " extents"
			if (b >= pe[p]) print "X " name ": range " r[j] " beyond the PV (" pe[p] " extents)"
			for (e = a; e <= b; e++) {
				if ((p, e) in used) print "X extent " e " of p" p " used by " used[p, e] " and " name
				used[p, e] = name; usedc[p]++
			}
		}
		print g
	}
	END {
		for (p = 0; p < npv; p++) {
			if (!(p in seen)) { print "X PV p" p " not reported"; continue }
			if (alloc[p] == "-") alloc[p] = usedc[p] + 0; else if (usedc[p] + 0 != alloc[p]) print "X p" p ": pv_pe_alloc_count " alloc[p] ", ranges use " usedc[p] + 0
			if (fsz[p] != "-" && fsz[p] != (pe[p] - alloc[p]) * es) print "X p" p ": pv_free " fsz[p] " != (" pe[p] " - " alloc[p] ") extents"
			run = 0
			for (e = 0; e <= pe[p]; e++) {
				if (e < pe[p] && !((p, e) in used)) { if (!run) st = e; run++; continue }
				if (run) { print "F " p " " st " " run; frags++; free += run }
				run = 0
			}
			tot += pe[p]; u += usedc[p]
		}
		if (u + free != tot) print "X used " u " + free " free " != " tot " extents"
		for (i = 1; i <= nl; i++) {
			n = names[i]
			if (lvsize[n] != ext[n] * es) print "X " n ": lv_size " lvsize[n] " is not " ext[n] " extents"
			print "L " n " " ext[n] " " nsegs[n]
		}
		print "S " segs + 0 " " frags + 0 " " u + 0 " " free + 0
	}' "$f.tsv" >"$f"
	return 0
}

# lm_free TAG: free extents of the VG from the last analysis
lm_free() { awk '$1 == "S" { print $5 }' "$T_DIR/an.$1"; }

# lm_predict TAG NEED STRIPES POLICY MODE [PVSPEC...]: 0 (must succeed), 5
# (must fail) or "any", for allocating NEED extents per stripe over the free
# areas of analysis TAG. PVSPEC: "i" or "i:a-b:c-" (PV numbers). MODE create
# or extend (contiguous and cling extensions depend on the LV's last areas).
lm_predict() {
	local tag=$1 need=$2 n=$3 pol=$4 mode=$5
	shift 5
	awk -v need="$need" -v N="$n" -v pol="$pol" -v mode="$mode" -v spec="$*" '
	function add(p, a, b,  l) { l = b - a + 1; fr[p] += l; if (l > mx[p]) mx[p] = l; tot += l }
	BEGIN {
		ns = split(spec, s, " "); all = !ns
		for (i = 1; i <= ns; i++) {
			m = split(s[i], q, ":"); p = q[1]; allow[p] = 1
			if (m == 1) full[p] = 1
			for (j = 2; j <= m; j++) {
				split(q[j], ab, "-"); nr[p]++
				lo[p, nr[p]] = ab[1] + 0; hi[p, nr[p]] = ab[2] == "" ? 1e9 : ab[2] + 0
			}
		}
	}
	$1 == "F" {
		p = $2; a = $3; b = $3 + $4 - 1
		if (!all && !(p in allow)) next
		if (all || full[p]) { add(p, a, b); next }
		for (j = 1; j <= nr[p]; j++) {
			x = a > lo[p, j] ? a : lo[p, j]; y = b < hi[p, j] ? b : hi[p, j]
			if (x <= y) add(p, x, y)
		}
	}
	END {
		for (p in fr) { cap += fr[p] < need ? fr[p] : need; if (mx[p] >= need) whole++ }
		if ((N == 1 || pol == "anywhere" ? tot : cap) < N * need) r = 5
		else if (pol == "contiguous" && mode == "create") r = whole >= N ? 0 : 5
		else if (pol == "normal" && (N == 1 || whole >= N)) r = 0
		else if (pol == "anywhere" && (N == 1 || whole >= N)) r = 0
		else r = "any"
		print r
	}' "$T_DIR/an.$tag"
}

# lm_pvlist MIN: a random list of at least MIN distinct PVs, some with
# extent ranges, into PVL (placeholders) and PVS (for lm_predict)
lm_pvlist() {
	local min=$1 k i j t p a b
	local order=()
	for ((i = 0; i < LM_NPV; i++)); do order+=("$i"); done
	for ((i = LM_NPV - 1; i > 0; i--)); do	# shuffle
		lm_rand $((i + 1)); j=$R
		t=${order[$i]}; order[$i]=${order[$j]}; order[$j]=$t
	done
	lm_rand $((LM_NPV - min + 1)); k=$((min + R))
	PVL=() PVS=()
	for ((i = 0; i < k; i++)); do
		p=${order[$i]}
		lm_rand 3
		if [ "$R" = 0 ]; then
			lm_rand $((LM_PE[p] / 2)); a=$R
			lm_rand 2
			if [ "$R" = 0 ]; then
				PVL+=("@PV$p:$a-"); PVS+=("$p:$a-")
			else
				lm_rand $((LM_PE[p] - a)); b=$((a + R))
				PVL+=("@PV$p:$a-$b"); PVS+=("$p:$a-$b")
			fi
		else
			PVL+=("@PV$p"); PVS+=("$p")
		fi
	done
}

# lm_size EXTENTS [SIGN]: -l or -L (MiB or KiB: 1 MiB extents) into SZ, and
# the extents that means into SZE (KiB round up, a reduction by KiB down, as
# LVM2)
lm_size() {
	local e=$1 sign=${2:-} kib
	lm_rand 4
	SZE=$e
	case $R in
	0 | 1) SZ=(-l "$sign$e") ;;
	2) SZ=(-L "$sign${e}m") ;;
	3) lm_rand 1024; kib=$(((e - 1) * 1024 + 1 + R)); SZ=(-L "$sign${kib}k")
	   [ "$sign" = - ] && SZE=$((kib / 1024)) ;;
	esac
}

lm_default_name() {	# as LVM2: highest lvol%d + 1
	local n high=-1 v
	for n in "${LM_NAMES[@]}"; do
		if [[ $n =~ ^lvol([0-9]+) ]]; then v=$((10#${BASH_REMATCH[1]})); ((v > high)) && high=$v; fi
	done
	echo "lvol$((high + 1))"
}

lm_pick() { lm_rand ${#LM_NAMES[@]}; PICK=${LM_NAMES[$R]}; }

# lm_gen TAG: the next operation from the model and the free areas of
# analysis TAG. Sets OP (the command with placeholders), OP_EXP (0, 5 or
# any), OP_DESC and what the model becomes on success (OP_KIND, OP_LV,
# OP_NEW, OP_SIZE, OP_STR, OP_POL).
lm_gen() {
	local tag=$1 nl=${#LM_NAMES[@]} free r n e pol mode old want k sign
	free=$(lm_free "$tag")
	OP=() OP_EXP=0 OP_KIND= OP_LV= OP_NEW= OP_SIZE= OP_STR= OP_POL=
	lm_rand 100; r=$R
	if ((nl == 0 || (nl < 10 && r < 30))); then OP_KIND=create
	elif ((r < 50)); then OP_KIND=extend
	elif ((r < 63)); then OP_KIND=reduce
	elif ((r < 75)); then OP_KIND=resize
	elif ((r < 88)); then OP_KIND=remove
	elif ((r < 96)); then OP_KIND=rename
	else OP_KIND=missing
	fi
	case $OP_KIND in
	create)
		lm_rand 100; if ((R < 60)); then n=1; elif ((R < 85)); then n=2; else n=3; fi
		((n > LM_NPV)) && n=$LM_NPV
		lm_rand 10
		if [ "$R" = 0 ]; then OP_LV=$(lm_default_name); OP=(lvcreate "${LM_CREATE_OPTS[@]}")
		else OP_LV=lv$LM_SEQ; LM_SEQ=$((LM_SEQ + 1)); OP=(lvcreate "${LM_CREATE_OPTS[@]}" -n "$OP_LV"); fi
		lm_rand 10
		if [ "$R" = 0 ]; then lm_rand 20; e=$((free + 1 + R))
		else k=$((free * 2 / 5)); ((k > 30)) && k=30; ((k < 1)) && k=1; lm_rand $k; e=$((1 + R)); fi
		lm_size "$e"; e=$SZE
		OP+=("${SZ[@]}")
		((n > 1)) && OP+=(-i "$n" -I 64k)
		lm_rand 100
		if ((R < 12)); then pol=contiguous; elif ((R < 22)); then pol=cling
		elif ((R < 30)); then pol=anywhere; else pol=normal; fi
		[ $pol != normal ] && OP+=(--alloc $pol)
		OP+=(@VG)
		PVS=()
		lm_rand 100
		if ((R < 30)); then lm_pvlist "$n"; OP+=("${PVL[@]}"); fi
		OP_SIZE=$(((e + n - 1) / n * n)) OP_STR=$n OP_POL=$pol
		OP_EXP=$(lm_predict "$tag" $((OP_SIZE / n)) "$n" "$pol" create "${PVS[@]}")
		;;
	extend | reduce | resize)
		lm_pick; OP_LV=$PICK; old=${LM_SIZE[$PICK]}; n=${LM_STR[$PICK]}; pol=${LM_POL[$PICK]}
		mode=$OP_KIND
		if [ $OP_KIND = resize ]; then lm_rand 2; [ $R = 0 ] && mode=extend || mode=reduce; fi
		lm_rand 4; sign=; ((R < 2)) && sign=+
		if [ $mode = extend ]; then
			k=$((free + 3)); ((k > 20)) && k=20; lm_rand $k; k=$((1 + R))
			want=$((old + k))
			lm_rand 20; [ $R = 0 ] && sign= && want=$((old - (old > 1)))	# not larger
			if [ -n "$sign" ]; then lm_size "$k" +; want=$((old + SZE))
			else lm_size "$want"; want=$SZE; fi
		else
			lm_rand 20
			if [ $R = 0 ] || ((old == 1)); then want=$old
			else lm_rand $((old - 1)); want=$((1 + R)); fi
			if [ -n "$sign" ] && ((want < old)); then lm_size $((old - want)) -; want=$((old - SZE))
			else lm_size "$want"; want=$SZE; fi
		fi
		OP=("lv$OP_KIND")
		[ $OP_KIND != extend ] && OP+=(-f)
		OP+=("${SZ[@]}")
		if [ $mode = extend ]; then
			lm_rand 100
			if ((R < 15)); then
				lm_rand 4; pol=$(echo contiguous cling normal anywhere | cut -d' ' -f$((R + 1)))
				OP+=(--alloc "$pol")
			fi
		fi
		OP+=("@VG/$OP_LV")
		PVS=()
		if [ $mode = extend ]; then lm_rand 100; if ((R < 20)); then lm_pvlist "$n"; OP+=("${PVL[@]}"); fi; fi
		OP_SIZE=$(((want + n - 1) / n * n))
		if [ $mode = extend ] && ((OP_SIZE > old)); then
			OP_EXP=$(lm_predict "$tag" $(((OP_SIZE - old) / n)) "$n" "$pol" extend "${PVS[@]}")
		elif [ $mode = reduce ] && ((OP_SIZE < old)); then OP_EXP=0
		else OP_EXP=5
		fi
		OP_NEW=$OP_LV OP_STR=$n OP_POL=${LM_POL[$PICK]}
		;;
	remove)
		lm_pick; OP_LV=$PICK; OP=(lvremove -y "@VG/$OP_LV")
		;;
	rename)
		lm_pick; OP_LV=$PICK
		lm_rand 10
		if [ $R = 0 ] && ((nl > 1)); then	# to an existing name
			OP_NEW=${LM_NAMES[$(((R + 1) % nl))]}
			[ "$OP_NEW" = "$OP_LV" ] && OP_NEW=${LM_NAMES[$(((R + 2) % nl))]}
			OP_EXP=5
		else OP_NEW=lv$LM_SEQ; LM_SEQ=$((LM_SEQ + 1)); fi
		OP=(lvrename @VG "$OP_LV" "$OP_NEW")
		;;
	missing)
		OP=(lvextend -l +1 @VG/nosuch) OP_EXP=5
		;;
	esac
	OP_DESC="${OP[*]}"
}

# lm_apply: the model after OP succeeded
lm_apply() {
	local n l=()
	case $OP_KIND in
	create)
		LM_NAMES+=("$OP_LV"); LM_SIZE[$OP_LV]=$OP_SIZE LM_STR[$OP_LV]=$OP_STR LM_POL[$OP_LV]=$OP_POL ;;
	extend | reduce | resize) LM_SIZE[$OP_LV]=$OP_SIZE ;;
	remove | rename)
		for n in "${LM_NAMES[@]}"; do
			if [ "$n" != "$OP_LV" ]; then l+=("$n")
			elif [ $OP_KIND = rename ]; then l+=("$OP_NEW"); fi
		done
		LM_NAMES=("${l[@]}")
		if [ $OP_KIND = rename ]; then
			LM_SIZE[$OP_NEW]=${LM_SIZE[$OP_LV]} LM_STR[$OP_NEW]=${LM_STR[$OP_LV]} LM_POL[$OP_NEW]=${LM_POL[$OP_LV]}
		fi
		unset "LM_SIZE[$OP_LV]" "LM_STR[$OP_LV]" "LM_POL[$OP_LV]"
		;;
	esac
}

# lm_expected: the model as "name extents" lines, sorted
lm_expected() {
	local n
	for n in "${LM_NAMES[@]}"; do echo "$n ${LM_SIZE[$n]}"; done | sort
}
# lm_seen TAG: the same from analysis TAG
lm_seen() { awk '$1 == "L" { print $2, $3 }' "$T_DIR/an.$1" | sort; }

# lm_subst VG DEV...: OP with its placeholders filled in, into CMD
lm_subst() {
	local vg=$1 w i
	shift
	local devs=("$@")
	CMD=()
	for w in "${OP[@]}"; do
		w=${w//@VG/$vg}
		for ((i = ${#devs[@]} - 1; i >= 0; i--)); do w=${w//@PV$i/${devs[$i]}}; done
		CMD+=("$w")
	done
}
