-- wrk script: POST /api/v1/predict/<task> with a PNG as multipart "image", and a bearer token.
-- Compares with a trivial authenticated endpoint in the same run (README, Performance):
--   TOKEN=ddt_... PNG=loadtests/target/loadtest/pool/digits-0.png TASK=digits \
--     wrk -t2 -c64 -d20s -s loadtests/scripts/predict-image.lua http://127.0.0.1:8080/
--   wrk -t2 -c64 -d20s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/auth/me
local file = assert(io.open(os.getenv("PNG"), "rb"))
local png = file:read("*a")
file:close()
local boundary = "----deepdock-wrk-boundary"
wrk.method = "POST"
wrk.path = "/api/v1/predict/" .. (os.getenv("TASK") or "digits")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = "--" .. boundary .. "\r\n"
  .. "Content-Disposition: form-data; name=\"image\"; filename=\"digit.png\"\r\n"
  .. "Content-Type: image/png\r\n\r\n" .. png .. "\r\n--" .. boundary .. "--\r\n"

-- a non-2xx answer is counted by wrk ("Non-2xx or 3xx responses"); the label is checked by the JMeter scenario
